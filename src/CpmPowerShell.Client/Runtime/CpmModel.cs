using System;
using System.Collections.Generic;
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

        /// <summary>JSON fields the server sent that this module does not model.</summary>
        [IgnoreDataMember]
        public IDictionary<string, JToken> AdditionalProperties =>
            additionalData ?? (additionalData = new Dictionary<string, JToken>());

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
