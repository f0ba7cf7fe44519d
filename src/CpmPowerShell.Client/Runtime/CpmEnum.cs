using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Maps CPM enum codes ("W") to our friendly enum members (<c>Weeks</c>) and back. Every generated
    /// enum has <c>Unknown = 0</c>: a code a newer server sends reads as Unknown instead of failing.
    /// </summary>
    public static class CpmEnum
    {
        sealed class Map
        {
            public readonly Dictionary<string, object> ByCode = new Dictionary<string, object>(StringComparer.Ordinal);
            public readonly Dictionary<string, object> ByText = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<object, string> CodeOf = new Dictionary<object, string>();
            public readonly Dictionary<object, string> LabelOf = new Dictionary<object, string>();
        }

        static readonly ConcurrentDictionary<Type, Map> Maps = new ConcurrentDictionary<Type, Map>();

        static Map For(Type enumType) => Maps.GetOrAdd(enumType, type =>
        {
            var map = new Map();
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = field.GetValue(null);
                var member = field.GetCustomAttribute<EnumMemberAttribute>();
                if (member == null || member.Value == null) continue; // Unknown has no code
                map.ByCode[member.Value] = value;
                map.CodeOf[value] = member.Value;
                map.ByText[field.Name] = value;
                var label = field.GetCustomAttribute<CpmEnumLabelAttribute>();
                if (label == null) continue;
                map.ByText[label.Label] = value;
                map.LabelOf[value] = label.Label;
            }
            return map;
        });

        /// <summary>The guide's label of a value ("Backup Successful"); null when it has none.</summary>
        public static string LabelOf(Enum value) =>
            value != null && For(value.GetType()).LabelOf.TryGetValue(value, out var label) ? label : null;

        /// <summary>The wire code of a value, e.g. Weeks -> "W". Throws for Unknown or undefined values.</summary>
        public static string ToCode(Enum value)
        {
            if (value == null) return null;
            if (For(value.GetType()).CodeOf.TryGetValue(value, out var code)) return code;
            throw new ArgumentException(
                $"'{value}' is not a value that can be sent to CPM for {value.GetType().Name}. Use one of: {string.Join(", ", Names(value.GetType()))}.");
        }

        /// <summary>
        /// Model getter for an enum field kept as its wire code: null stays null, a code this version
        /// does not know reads as Unknown (0) while the code itself is kept for display and write-back.
        /// </summary>
        public static TEnum? Read<TEnum>(string code) where TEnum : struct, Enum
        {
            if (code == null) return null;
            TryFromCode<TEnum>(code, out var value);
            return value;
        }

        /// <summary>Model setter counterpart of <see cref="Read{TEnum}"/>.</summary>
        public static string Write<TEnum>(TEnum? value) where TEnum : struct, Enum =>
            value.HasValue ? ToCode(value.Value) : null;

        /// <summary>Reads a wire code; returns false (and Unknown) for a code this version does not know.</summary>
        public static bool TryFromCode<TEnum>(string code, out TEnum value) where TEnum : struct, Enum
        {
            if (code != null && For(typeof(TEnum)).ByCode.TryGetValue(code, out var found))
            {
                value = (TEnum)found;
                return true;
            }
            value = default;
            return false;
        }

        /// <summary>
        /// Reads what a user typed: a member name ("Weeks"), the guide's label ("Weeks"), the wire code ("W"),
        /// or the number. Codes are matched exactly first, since "M" means Minutes in one enum and Monday in another;
        /// a code in the other case only where no name matches and it fits one member.
        /// </summary>
        public static bool TryParse(Type enumType, string text, out object value)
        {
            value = null;
            if (text == null) return false;
            var map = For(enumType);
            var trimmed = text.Trim();
            if (map.ByCode.TryGetValue(trimmed, out value)) return true;
            var compact = trimmed.Replace(" ", "");
            if (map.ByText.TryGetValue(trimmed, out value) || map.ByText.TryGetValue(compact, out value)) return true;
            // A code typed in the other case ("o" for O) counts when it can mean only one member.
            var codes = map.ByCode.Where(c => string.Equals(c.Key, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
            if (codes.Count == 1)
            {
                value = codes[0].Value;
                return true;
            }
            if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                && Enum.IsDefined(enumType, number) && number != 0)
            {
                value = Enum.ToObject(enumType, number);
                return true;
            }
            return false;
        }

        /// <summary>Member names a user may send (Unknown excluded), in declaration order.</summary>
        public static IEnumerable<string> Names(Type enumType) =>
            enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.GetCustomAttribute<EnumMemberAttribute>()?.Value != null)
                .Select(f => f.Name);

        /// <summary>The wire code of a member name, for help and completion tooltips.</summary>
        public static string CodeOfName(Type enumType, string name)
        {
            var field = enumType.GetField(name, BindingFlags.Public | BindingFlags.Static);
            return field?.GetCustomAttribute<EnumMemberAttribute>()?.Value;
        }
    }

    /// <summary>The guide's label of an enum member ("Backup Successful"); also accepted as input.</summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class CpmEnumLabelAttribute : Attribute
    {
        public CpmEnumLabelAttribute(string label) { Label = label; }
        public string Label { get; }
    }
}
