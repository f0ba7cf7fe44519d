using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Read-modify-write support: the API's PUT replaces the whole object, so a change of one field starts
    /// from the object as the server has it.
    /// </summary>
    public static class CpmMerge
    {
        /// <summary>
        /// Copies the JSON fields of <paramref name="current"/> that the request type accepts into a new
        /// request. It goes through JSON so enum codes this module does not know are sent back unchanged.
        /// </summary>
        public static TRequest Project<TRequest>(CpmModel current) where TRequest : CpmModel, new()
        {
            if (current == null) return new TRequest();
            var accepted = JsonNamesOf(typeof(TRequest));
            var source = JObject.FromObject(current, CpmJson.Serializer);
            var projected = new JObject();
            foreach (var property in source.Properties().Where(p => accepted.Contains(p.Name)))
                projected[property.Name] = property.Value;
            return projected.ToObject<TRequest>(CpmJson.Serializer);
        }

        /// <summary>
        /// A nested setting changed in part (-ApplicationConsistentBackup @{ Timeout = 10 }): the fields given
        /// replace the current ones, the rest (at any depth) stay as the server has them. Lists are replaced whole.
        /// </summary>
        public static T Overlay<T>(T current, T given) where T : CpmModel
        {
            if (current == null || given == null) return given ?? current;
            var merged = JObject.FromObject(current, CpmJson.Serializer);
            merged.Merge(JObject.FromObject(given, CpmJson.Serializer), new JsonMergeSettings
            {
                MergeArrayHandling = MergeArrayHandling.Replace,
                MergeNullValueHandling = MergeNullValueHandling.Ignore,
            });
            return merged.ToObject<T>(CpmJson.Serializer);
        }

        static HashSet<string> JsonNamesOf(Type type)
        {
            const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var members = type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags));
            return new HashSet<string>(members
                .Select(m => m.GetCustomAttribute<DataMemberAttribute>()?.Name)
                .Where(name => name != null), StringComparer.Ordinal);
        }
    }
}
