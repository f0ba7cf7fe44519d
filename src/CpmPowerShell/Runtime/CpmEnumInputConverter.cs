using System;
using System.Management.Automation;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Converts a <see cref="CpmEnumInput"/> to the enum type PowerShell is binding to, accepting names,
    /// labels and API codes (see <see cref="CpmEnumTransformationAttribute"/>).
    /// </summary>
    public sealed class CpmEnumInputConverter : PSTypeConverter
    {
        public override bool CanConvertFrom(object sourceValue, Type destinationType) => false;

        public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
            throw new NotSupportedException();

        public override bool CanConvertTo(object sourceValue, Type destinationType) =>
            Unwrap(sourceValue) is CpmEnumInput && EnumOf(destinationType) != null || destinationType == typeof(string);

        public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
        {
            var input = (CpmEnumInput)Unwrap(sourceValue);
            if (destinationType == typeof(string)) return input.Text;
            var enumType = EnumOf(destinationType);
            if (enumType != null && CpmEnumTransformationAttribute.TryConvert(enumType, input.Text, out var value)) return value;
            throw new PSInvalidCastException(
                $"'{input.Text}' is not a valid {enumType?.Name ?? destinationType.Name}. Use one of: {CpmEnumTransformationAttribute.DescribeValues(enumType ?? destinationType)}.");
        }

        static Type EnumOf(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            return underlying.IsEnum ? underlying : null;
        }

        static object Unwrap(object value) => value is PSObject pso ? pso.BaseObject : value;
    }
}
