using System.ComponentModel;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// What a user typed for a CPM enum parameter, on its way to the parameter's enum type. PowerShell
    /// converts it with <see cref="CpmEnumInputConverter"/>, which knows the target type the
    /// transformation attribute cannot see.
    /// </summary>
    [TypeConverter(typeof(CpmEnumInputConverter))]
    public sealed class CpmEnumInput
    {
        public CpmEnumInput(string text)
        {
            Text = text;
        }

        public string Text { get; }

        public override string ToString() => Text;
    }
}
