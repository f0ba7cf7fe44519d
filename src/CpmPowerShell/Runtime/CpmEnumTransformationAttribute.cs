using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.Serialization;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Lets an enum parameter (TEnum, TEnum? or TEnum[]) take the friendly name (Weeks), the guide's label
    /// ("Backup Successful") or the raw API code (W). Unknown is never accepted: it only stands for codes
    /// a newer server sends. A bad value gets an error listing the valid names with their codes.
    /// The parameter's type is named in the attribute (<c>[CpmEnumTransformation(typeof(ScheduleUnit))]</c>,
    /// <c>typeof(BackupStatus[])</c> for a list): PowerShell does not tell a transformation which type the
    /// parameter has. A single-value parameter refuses several values: left to PowerShell, an array bound
    /// to an enum is OR-ed into one value (Initializing,InProgress would become BackupSuccessful).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CpmEnumTransformationAttribute : ArgumentTransformationAttribute
    {
        public CpmEnumTransformationAttribute(Type enumType)
        {
            if (enumType == null) throw new ArgumentNullException(nameof(enumType));
            TakesSeveral = enumType.IsArray;
            EnumType = Nullable.GetUnderlyingType(enumType) ?? (enumType.IsArray ? enumType.GetElementType() : enumType);
            if (EnumType == null || !EnumType.IsEnum) throw new ArgumentException(enumType.Name + " is not an enum type.", nameof(enumType));
        }

        /// <summary>The enum the parameter holds (its element type for arrays).</summary>
        public Type EnumType { get; }

        /// <summary>The parameter is an array: several values are a list, not an error.</summary>
        public bool TakesSeveral { get; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = Unwrap(inputData);
            if (value == null) return null;
            if (value is string || !(value is IEnumerable sequence)) return Convert(value);

            // An array (or list) of values: convert each and keep an array for TEnum[] parameters.
            var items = sequence.Cast<object>().Select(item => Convert(Unwrap(item))).ToList();
            if (!TakesSeveral)
            {
                if (items.Count == 1) return items[0];
                throw new ArgumentTransformationMetadataException(
                    $"This parameter takes one {EnumType.Name} value; {items.Count} were given ({string.Join(", ", items)}). Pass a single value.");
            }
            var array = Array.CreateInstance(EnumType, items.Count);
            for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
            return array;
        }

        object Convert(object value)
        {
            if (TryConvert(EnumType, value, out var converted)) return converted;
            throw NotValid(value, EnumType);
        }

        /// <summary>Reads a name, label, code or number (or an enum value) as enumType; Unknown and undefined values fail.</summary>
        internal static bool TryConvert(Type enumType, object value, out object result)
        {
            result = null;
            if (value == null) return false;
            if (value.GetType() == enumType)
            {
                result = value;
                return Enum.IsDefined(enumType, value) && !IsUnknown((Enum)value);
            }
            // Another enum (the same status from a sibling model, say) goes by its name.
            var text = value is Enum other ? other.ToString() : System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            return CpmEnum.TryParse(enumType, text, out result);
        }

        internal static ArgumentTransformationMetadataException NotValid(object value, Type enumType) =>
            new ArgumentTransformationMetadataException($"'{value}' is not a valid {enumType.Name}. Use one of: {DescribeValues(enumType)}.");

        /// <summary>"Minutes (M), Hours (H), Days (D)": the names a user may type, with their API codes.</summary>
        internal static string DescribeValues(Type enumType)
        {
            var parts = new List<string>();
            foreach (var name in CpmEnum.Names(enumType))
            {
                var code = CpmEnum.CodeOfName(enumType, name);
                parts.Add(code == null || code == name ? name : name + " (" + code + ")");
            }
            return string.Join(", ", parts);
        }

        // A CPM enum's member without a wire code (Unknown) only reports what a newer server sent.
        static bool IsUnknown(Enum value)
        {
            var field = value.GetType().GetField(value.ToString());
            var isCpmEnum = value.GetType().GetFields().Any(f => f.IsDefined(typeof(EnumMemberAttribute), false));
            return isCpmEnum && (field == null || !field.IsDefined(typeof(EnumMemberAttribute), false));
        }

        static object Unwrap(object value) => value is PSObject pso ? pso.BaseObject : value;
    }
}
