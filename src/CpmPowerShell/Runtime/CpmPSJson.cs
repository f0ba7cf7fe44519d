using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Security;
using CpmPowerShell.Client;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Converts between what PowerShell users hold (hashtables, PSCustomObjects, arrays, models) and JSON,
    /// the way ConvertTo-Json / ConvertFrom-Json would, but with the module's rules: dates go out as
    /// ISO 8601 UTC, enums as their CPM codes, strings that look like dates stay strings.
    /// </summary>
    internal static class CpmPSJson
    {
        const int MaxDepth = 64;

        /// <summary>
        /// A request body from user input. A string is taken as JSON text. SecureString values are sent as
        /// text when revealSecrets is true (the wire) and masked otherwise (-WhatIf).
        /// </summary>
        public static JToken BodyToJToken(object body, bool revealSecrets)
        {
            body = Unwrap(body);
            if (body is string text)
            {
                try
                {
                    return CpmJson.Parse(text);
                }
                catch (JsonException e)
                {
                    throw new ArgumentException("-Body is a string but not valid JSON: " + e.Message, "Body", e);
                }
            }
            return ToJToken(body, revealSecrets, 0);
        }

        public static JToken ToJToken(object value, bool revealSecrets) => ToJToken(value, revealSecrets, 0);

        static JToken ToJToken(object value, bool revealSecrets, int depth)
        {
            if (depth > MaxDepth) throw new ArgumentException("The body is nested too deeply (a reference loop?).", "Body");
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case JToken token:
                    return token;
                case string s:
                    return new JValue(s);
                case char c:
                    return new JValue(c.ToString());
                case bool _:
                case sbyte _:
                case byte _:
                case short _:
                case ushort _:
                case int _:
                case uint _:
                case long _:
                case ulong _:
                case float _:
                case double _:
                case decimal _:
                    return new JValue(value);
                case DateTime dateTime:
                    return new JValue(FormatUtc(dateTime));
                case DateTimeOffset offset:
                    return new JValue(CpmTime.ToWire(offset));
                case Enum enumValue:
                    return new JValue(HasCpmCode(enumValue) ? CpmEnum.ToCode(enumValue) : enumValue.ToString());
                case SecureString secure:
                    return new JValue(revealSecrets ? Reveal(secure) : CpmSecrets.Mask);
                case Guid _:
                case Uri _:
                case Version _:
                    return new JValue(value.ToString());
                case ScriptBlock _:
                    throw new ArgumentException("A script block cannot be sent as JSON; use its value instead.", "Body");
                case PSObject custom:
                    // A PSCustomObject (Unwrap keeps those): its note properties become the JSON members.
                    var fromObject = new JObject();
                    foreach (var property in custom.Properties)
                        fromObject[property.Name] = ToJToken(property.Value, revealSecrets, depth + 1);
                    return fromObject;
                case IDictionary dictionary:
                    var fromDictionary = new JObject();
                    foreach (DictionaryEntry entry in dictionary)
                        fromDictionary[Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture)] =
                            ToJToken(entry.Value, revealSecrets, depth + 1);
                    return fromDictionary;
                case IEnumerable sequence:
                    return new JArray(sequence.Cast<object>().Select(item => ToJToken(item, revealSecrets, depth + 1)));
                default:
                    // Models and other .NET objects: the module's JSON settings know their [DataMember] names.
                    return JToken.FromObject(value, CpmJson.Serializer);
            }
        }

        /// <summary>JSON to what ConvertFrom-Json would give: PSCustomObjects, object[], primitives.</summary>
        public static object ToPSObject(JToken token)
        {
            switch (token)
            {
                case null:
                    return null;
                case JObject obj:
                    var result = new PSObject();
                    foreach (var property in obj.Properties())
                        result.Properties.Add(new PSNoteProperty(property.Name, ToPSObject(property.Value)));
                    return result;
                case JArray array:
                    return array.Select(ToPSObject).ToArray();
                case JValue value:
                    switch (value.Type)
                    {
                        case JTokenType.Null:
                        case JTokenType.Undefined:
                            return null;
                        case JTokenType.Integer:
                            // Ids read as int so they bind to [int] parameters without surprises.
                            if (value.Value is long number && number >= int.MinValue && number <= int.MaxValue) return (int)number;
                            return value.Value;
                        default:
                            return value.Value;
                    }
                default:
                    return token.ToString();
            }
        }

        /// <summary>Unwraps a PSObject to its .NET object, except a PSCustomObject, which is its own value.</summary>
        public static object Unwrap(object value)
        {
            if (value is PSObject pso && !(pso.BaseObject is PSCustomObject)) return Unwrap(pso.BaseObject);
            return value;
        }

        static string FormatUtc(DateTime value) => CpmTime.ToWire(value);

        static bool HasCpmCode(Enum value)
        {
            var field = value.GetType().GetField(value.ToString());
            return field != null && field.GetCustomAttributes(typeof(EnumMemberAttribute), false).Length > 0;
        }

        static string Reveal(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
