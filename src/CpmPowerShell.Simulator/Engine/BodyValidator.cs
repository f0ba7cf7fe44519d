using System.Globalization;
using System.Text.RegularExpressions;
using CpmPowerShell.Spec;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// Checks a request body against the operation's schema the way the server's serializers do:
/// required fields, types, enum codes, nested objects and arrays of objects. Returns the body
/// reduced to the documented fields, with values normalised ("5" for an integer becomes 5),
/// since a serializer passes on only the fields it knows.
/// </summary>
static partial class BodyValidator
{
    static readonly HashSet<string> TrueTexts = new(StringComparer.OrdinalIgnoreCase) { "true", "1", "yes", "on", "t", "y" };
    static readonly HashSet<string> FalseTexts = new(StringComparer.OrdinalIgnoreCase) { "false", "0", "no", "off", "f", "n" };

    [GeneratedRegex(@"^\s*-?\d+(\.0*)?\s*$")]
    private static partial Regex IntegerText();

    public static JObject Validate(JToken? body, ApiSchema schema, ValidationErrors errors)
    {
        if (body == null || body.Type == JTokenType.Null) body = new JObject();
        if (body is not JObject obj)
        {
            errors.Invalid("non_field_errors", $"Invalid data. Expected a dictionary, but got {Json.PythonTypeName(body)}.");
            return new JObject();
        }
        return ValidateObject(obj, schema, "", errors);
    }

    static JObject ValidateObject(JObject obj, ApiSchema schema, string prefix, ValidationErrors errors)
    {
        var clean = new JObject();
        foreach (var property in schema.Properties)
        {
            var field = prefix + property.Name;
            if (!obj.TryGetValue(property.Name, out var token))
            {
                if (property.Required) errors.Required(field);
                continue;
            }
            if (token.Type == JTokenType.Null)
            {
                if (property.Required) errors.Add(field, "This field may not be null.", "null");
                else clean[property.Name] = JValue.CreateNull();
                continue;
            }
            var value = ValidateValue(token, property.Type, field, property.Required, errors);
            if (value != null) clean[property.Name] = value;
        }
        return clean;
    }

    /// <summary>Checks one value; null when it is invalid (the error is recorded).</summary>
    public static JToken? ValidateValue(JToken token, ApiType type, string field, bool required, ValidationErrors errors)
    {
        switch (type.Kind)
        {
            case ApiKind.String:
            case ApiKind.Binary:
                if (token.Type == JTokenType.String)
                {
                    if (required && ((string)token!).Trim().Length == 0)
                    {
                        errors.Add(field, "This field may not be blank.", "blank");
                        return null;
                    }
                    return token.DeepClone();
                }
                if (token.Type is JTokenType.Integer or JTokenType.Float) return new JValue(Json.ScalarText(token));
                errors.Invalid(field, "Not a valid string.");
                return null;

            case ApiKind.Integer:
                if (token.Type == JTokenType.Integer) return token.DeepClone();
                if (token.Type == JTokenType.Float && Math.Abs((double)token % 1) < double.Epsilon) return new JValue((long)(double)token);
                if (token.Type == JTokenType.String && IntegerText().IsMatch((string)token!)
                    && long.TryParse(((string)token!).Trim().Split('.')[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    return new JValue(integer);
                errors.Invalid(field, "A valid integer is required.");
                return null;

            case ApiKind.Number:
                if (token.Type is JTokenType.Integer or JTokenType.Float) return token.DeepClone();
                if (token.Type == JTokenType.String && double.TryParse((string)token!, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    return new JValue(number);
                errors.Invalid(field, "A valid number is required.");
                return null;

            case ApiKind.Boolean:
                if (token.Type == JTokenType.Boolean) return token.DeepClone();
                var text = token.Type is JTokenType.String or JTokenType.Integer ? Json.ScalarText(token) : null;
                if (text != null && TrueTexts.Contains(text)) return new JValue(true);
                if (text != null && FalseTexts.Contains(text)) return new JValue(false);
                errors.Invalid(field, "Must be a valid boolean.");
                return null;

            case ApiKind.Enum:
                var code = token is JValue ? Json.ScalarText(token) : null;
                if (code != null && type.EnumValues.Contains(code)) return token.DeepClone();
                errors.Add(field, $"\"{code ?? Json.ToText(token)}\" is not a valid choice.", "invalid_choice");
                return null;

            case ApiKind.Array:
                if (token is not JArray array)
                {
                    errors.Add(field, $"Expected a list of items but got type \"{Json.PythonTypeName(token)}\".", "not_a_list");
                    return null;
                }
                var items = new JArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var itemField = $"{field}[{i}]";
                    if (type.Items == null) { items.Add(array[i].DeepClone()); continue; }
                    if (array[i].Type == JTokenType.Null)
                    {
                        errors.Add(itemField, "This field may not be null.", "null");
                        continue;
                    }
                    var item = ValidateValue(array[i], type.Items, itemField, true, errors);
                    if (item != null) items.Add(item);
                }
                return items;

            case ApiKind.Object:
                if (token is not JObject obj)
                {
                    errors.Invalid(field, $"Invalid data. Expected a dictionary, but got {Json.PythonTypeName(token)}.");
                    return null;
                }
                return type.Schema == null ? obj.DeepClone() : ValidateObject(obj, type.Schema, field + ".", errors);

            default:
                return token.DeepClone();
        }
    }
}
