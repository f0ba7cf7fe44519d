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
            return ProjectJson(current, typeof(TRequest)).ToObject<TRequest>(CpmJson.Serializer);
        }

        static JObject ProjectJson(CpmModel current, Type requestType)
        {
            var accepted = JsonNamesOf(requestType);
            var source = JObject.FromObject(current, CpmJson.Serializer);
            var projected = new JObject();
            foreach (var property in source.Properties().Where(p => accepted.Contains(p.Name)))
                projected[property.Name] = property.Value;
            return projected;
        }

        /// <summary>
        /// True when a PUT of <paramref name="request"/> would change nothing of <paramref name="current"/>:
        /// the fields the request type carries are equal, a null counting as absent (clearing an empty field).
        /// </summary>
        public static bool ChangesNothing(CpmModel current, CpmModel request)
        {
            if (current == null || request == null) return false;
            var before = WithoutNulls(ProjectJson(current, request.GetType()));
            var after = WithoutNulls(JObject.FromObject(request, CpmJson.Serializer));
            return JToken.DeepEquals(before, after);
        }

        static JObject WithoutNulls(JObject json)
        {
            foreach (var property in json.Properties().Where(p => p.Value.Type == JTokenType.Null).ToList()) property.Remove();
            return json;
        }

        /// <summary>
        /// Makes a request send a field as JSON null, which is how the API empties an optional field.
        /// Requests leave nulls out (only what the caller set is sent), so the property is set to null and
        /// the null goes into the extension data, which is written as it is.
        /// </summary>
        public static void SendAsNull(CpmModel request, string jsonName)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            for (var type = request.GetType(); type != null && type != typeof(CpmModel); type = type.BaseType)
            {
                var member = type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags))
                    .FirstOrDefault(m => m.GetCustomAttribute<DataMemberAttribute>()?.Name == jsonName);
                if (member is FieldInfo field && AcceptsNull(field.FieldType)) field.SetValue(request, null);
                else if (member is PropertyInfo property && property.CanWrite && AcceptsNull(property.PropertyType)) property.SetValue(request, null);
                if (member != null) break;
            }
            request.GetAdditionalProperties()[jsonName] = JValue.CreateNull();
        }

        static bool AcceptsNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) != null;

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
