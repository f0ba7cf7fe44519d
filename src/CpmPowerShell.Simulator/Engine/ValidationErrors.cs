using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// Field errors collected while checking a request, rendered in the guide's format (chapter 1.10):
/// {"errors":[{"field":[{"message":"...","code":"..."}]}]}. Nested fields are named by path,
/// e.g. "disable_times[1].start_time".
/// </summary>
sealed class ValidationErrors
{
    readonly List<(string Field, string Message, string Code)> errors = new();

    public bool Any => errors.Count > 0;

    public bool Has(string field) => errors.Exists(e => e.Field == field);

    public ValidationErrors Add(string field, string message, string code)
    {
        errors.Add((field, message, code));
        return this;
    }

    public ValidationErrors Required(string field) => Add(field, "This field is required.", "required");

    public ValidationErrors Invalid(string field, string message) => Add(field, message, "invalid");

    public JObject ToJson()
    {
        var fields = new JObject();
        foreach (var (field, message, code) in errors)
        {
            if (fields[field] is not JArray list) fields[field] = list = new JArray();
            list.Add(new JObject { ["message"] = message, ["code"] = code });
        }
        return new JObject { ["errors"] = new JArray(fields) };
    }

    public ApiResponse ToResponse() => ApiResponse.Json(400, ToJson());

    public static ApiResponse Single(string field, string message, string code) =>
        new ValidationErrors().Add(field, message, code).ToResponse();
}
