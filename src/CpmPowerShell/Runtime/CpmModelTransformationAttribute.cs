using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Serialization;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Lets a parameter typed as a CPM model (or an array of one) take hashtables and objects, such as
    /// <c>-DisableTimes @{ Day = 'F'; StartTime = '22:00'; EndTime = '23:00' }</c>. Keys may be the property
    /// name or the API's field name; enum values take names, labels or API codes (PowerShell's own
    /// conversion would match "S" to the first day starting with S); times typed are local and become UTC.
    /// An unknown key is an error that lists the valid ones, rather than being dropped silently.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CpmModelTransformationAttribute : ArgumentTransformationAttribute
    {
        public CpmModelTransformationAttribute(Type modelType)
        {
            ModelType = modelType ?? throw new ArgumentNullException(nameof(modelType));
            if (!typeof(CpmModel).IsAssignableFrom(modelType)) throw new ArgumentException(modelType.Name + " is not a CPM model.", nameof(modelType));
        }

        public Type ModelType { get; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = Unwrap(inputData);
            if (value == null || ModelType.IsInstanceOfType(value)) return value;
            if (value is IDictionary || value is PSObject || !(value is IEnumerable sequence) || value is string)
                return Convert(inputData, ModelType);
            var items = sequence.Cast<object>().Select(item => Convert(item, ModelType)).ToArray();
            var array = Array.CreateInstance(ModelType, items.Length);
            for (var i = 0; i < items.Length; i++) array.SetValue(items[i], i);
            return array;
        }

        /// <summary>Builds one model from a hashtable or an object's properties.</summary>
        static object Convert(object input, Type modelType)
        {
            var value = Unwrap(input);
            if (value == null || modelType.IsInstanceOfType(value)) return value;
            if (value is PSCredential credential) return FromCredential(credential, modelType);
            var entries = Entries(input, value)
                ?? throw new ArgumentTransformationMetadataException(
                    $"Cannot use '{value}' as a {modelType.Name}: give a hashtable such as @{{ {ExampleKeys(modelType)} }} or an object with those properties.");

            var model = Activator.CreateInstance(modelType);
            var properties = Settable(modelType);
            foreach (var entry in entries)
            {
                var property = properties.FirstOrDefault(p => string.Equals(p.Name, entry.Key, StringComparison.OrdinalIgnoreCase))
                    ?? properties.FirstOrDefault(p => string.Equals(p.GetCustomAttribute<DataMemberAttribute>()?.Name ?? EnumFieldName(modelType, p), entry.Key, StringComparison.OrdinalIgnoreCase));
                if (property == null)
                {
                    if (value is PSObject || !(value is IDictionary)) continue; // objects may carry extra properties (Select-Object, Import-Csv)
                    throw new ArgumentTransformationMetadataException(
                        $"{modelType.Name} has no property '{entry.Key}'. Use: {string.Join(", ", properties.Select(p => p.Name))}.");
                }
                property.SetValue(model, ConvertValue(Unwrap(entry.Value), property.PropertyType, modelType.Name + "." + property.Name));
            }
            return model;
        }

        /// <summary>
        /// AWS credentials (aws_access_key, aws_secret_key) from a PSCredential: the user name is the access key,
        /// the password the secret key, so the secret never has to be typed as plain text.
        /// </summary>
        static object FromCredential(PSCredential credential, Type modelType)
        {
            var accessKey = modelType.GetProperty("AwsAccessKey");
            var secretKey = modelType.GetProperty("AwsSecretKey");
            if (accessKey == null || secretKey == null)
                throw new ArgumentTransformationMetadataException($"A credential cannot be used as a {modelType.Name}; give a hashtable such as @{{ {ExampleKeys(modelType)} }}.");
            var model = Activator.CreateInstance(modelType);
            accessKey.SetValue(model, credential.UserName);
            secretKey.SetValue(model, credential.GetNetworkCredential().Password);
            return model;
        }

        static object ConvertValue(object value, Type type, string what)
        {
            if (value == null) return null;
            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (target.IsEnum)
            {
                if (CpmEnumTransformationAttribute.TryConvert(target, value, out var converted)) return converted;
                throw new ArgumentTransformationMetadataException(
                    $"'{value}' is not a valid {what}. Use one of: {CpmEnumTransformationAttribute.DescribeValues(target)}.");
            }
            if (typeof(CpmModel).IsAssignableFrom(target)) return Convert(value, target);
            if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
            {
                var element = target.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(target);
                var items = value is IEnumerable sequence && !(value is string) && !(value is IDictionary) ? sequence.Cast<object>() : new[] { value };
                foreach (var item in items) list.Add(ConvertValue(Unwrap(item), element, what));
                return list;
            }
            if (target == typeof(bool) && CpmSwitchTransformationAttribute.TryReadBoolean(value, out var flag)) return flag;
            try
            {
                var converted = LanguagePrimitives.ConvertTo(value, target, CultureInfo.InvariantCulture);
                // A time typed without an offset is local; a string with Z or an offset keeps its instant.
                if (target == typeof(DateTime) && value is string text && CpmTime.TryParseInput(text, out var typed)) return typed;
                if (converted is DateTime date) return CpmTime.ToLocal(date);
                return converted;
            }
            catch (PSInvalidCastException e)
            {
                throw new ArgumentTransformationMetadataException($"'{value}' is not a valid {what}: {e.Message}", e);
            }
        }

        static IEnumerable<KeyValuePair<string, object>> Entries(object input, object value)
        {
            if (value is IDictionary dictionary)
                return dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object>(System.Convert.ToString(k, CultureInfo.InvariantCulture), dictionary[k]));
            var pso = input as PSObject ?? (value is string || value.GetType().IsPrimitive ? null : PSObject.AsPSObject(value));
            return pso?.Properties.Where(p => p.IsGettable).Select(p => new KeyValuePair<string, object>(p.Name, p.Value));
        }

        /// <summary>The public settable properties a user may give (generated models: one per API field).</summary>
        static List<PropertyInfo> Settable(Type modelType) =>
            modelType.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0).ToList();

        /// <summary>An enum property's API name is on its private code field, named after it.</summary>
        static string EnumFieldName(Type modelType, PropertyInfo property)
        {
            var field = modelType.GetField(char.ToLowerInvariant(property.Name[0]) + property.Name.Substring(1) + "Code", BindingFlags.Instance | BindingFlags.NonPublic);
            return field?.GetCustomAttribute<DataMemberAttribute>()?.Name;
        }

        static string ExampleKeys(Type modelType) =>
            string.Join("; ", Settable(modelType).Take(3).Select(p => p.Name + " = ..."));

        static object Unwrap(object value) => value is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : value;
    }

    /// <summary>
    /// Lets a switch bound from data (Import-Csv, a hashtable splat) read text as people write it:
    /// "True"/"False", "yes"/"no", "1"/"0". PowerShell alone would take any non-empty text, "False"
    /// included, as true, and a null as true.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CpmSwitchTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            // A piped record whose field is null (the server left it out) means "not given", not "on";
            // PowerShell would turn a null into a present switch.
            if (value == null) return new SwitchParameter(false);
            if (!(value is string)) return inputData;
            if (TryReadBoolean(value, out var flag)) return new SwitchParameter(flag);
            throw new ArgumentTransformationMetadataException($"'{value}' is not a yes/no value. Use true or false (also yes/no, 1/0).");
        }

        internal static bool TryReadBoolean(object value, out bool result)
        {
            result = false;
            switch (value)
            {
                case bool b:
                    result = b;
                    return true;
                case SwitchParameter s:
                    result = s.IsPresent;
                    return true;
                case string text:
                    switch (text.Trim().ToLowerInvariant())
                    {
                        case "true": case "yes": case "y": case "1": case "$true": result = true; return true;
                        case "false": case "no": case "n": case "0": case "$false": case "": result = false; return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }
}
