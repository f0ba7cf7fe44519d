using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Base of every CPM model. Fields a newer server sends that this version does not know are kept
    /// (not dropped) so that reading never fails and a read-modify-write sends them back unchanged.
    /// </summary>
    [DataContract]
    public abstract class CpmModel
    {
        [JsonExtensionData]
        private IDictionary<string, JToken> additionalData;

        /// <summary>
        /// Where this record was read: the PowerShell module keeps the connection here, so an object piped
        /// to another command is acted on by the server it came from. A non-public field: no serializer
        /// (Export-Clixml, ConvertTo-Json, Newtonsoft) sees it, so the connection never travels with a copy.
        /// </summary>
        [NonSerialized]
        [JsonIgnore]
        internal object Origin;

        /// <summary>
        /// JSON fields the server sent that this module does not model. A method, not a property, so that
        /// Export-Csv, ConvertTo-Json, Export-Clixml and Format-List show the model's fields only.
        /// </summary>
        public IDictionary<string, JToken> GetAdditionalProperties() =>
            additionalData ?? (additionalData = new Dictionary<string, JToken>());

        /// <summary>
        /// The fields that have a value, as "Name=Value; ...", so a nested object (a backup's
        /// GlacierArchiveStatus) reads well in Format-List, Export-Csv and string expansion.
        /// </summary>
        public override string ToString()
        {
            var parts = new List<string>();
            foreach (var property in GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (property.GetIndexParameters().Length > 0 || property.DeclaringType == typeof(CpmModel)) continue;
                var value = property.GetValue(this);
                if (value == null) continue;
                parts.Add(property.Name + "=" + Show(value));
            }
            return string.Join("; ", parts);
        }

        static string Show(object value)
        {
            switch (value)
            {
                case string text: return text;
                case DateTime time: return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (time.Kind == DateTimeKind.Utc ? "Z" : "");
                case CpmModel model: return "{" + model + "}";
                case IEnumerable items: return "[" + string.Join(", ", items.Cast<object>().Select(Show)) + "]";
                case IFormattable formattable: return formattable.ToString(null, CultureInfo.InvariantCulture);
                default: return value.ToString();
            }
        }

        /// <summary>
        /// The raw text of a field as the server sent it, by its JSON name. Use it when an enum property
        /// reads <c>Unknown</c>: the server sent a code this version of the module does not know.
        /// </summary>
        public string GetRawValue(string jsonName)
        {
            // Enum fields keep their wire code in a private string field named by [DataMember].
            for (var type = GetType(); type != null && type != typeof(CpmModel); type = type.BaseType)
            {
                var field = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                    .FirstOrDefault(f => f.GetCustomAttribute<DataMemberAttribute>()?.Name == jsonName);
                if (field != null) return field.GetValue(this)?.ToString();
                var property = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                    .FirstOrDefault(p => p.GetCustomAttribute<DataMemberAttribute>()?.Name == jsonName);
                if (property != null) return property.GetValue(this)?.ToString();
            }
            return additionalData != null && additionalData.TryGetValue(jsonName, out var token) ? token.ToString() : null;
        }
    }
}
