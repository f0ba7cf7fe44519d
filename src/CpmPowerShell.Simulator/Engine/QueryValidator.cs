using System.Globalization;
using CpmPowerShell.Spec;
using Microsoft.AspNetCore.Http;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>Required query parameters and numeric ones that do not parse give field errors.</summary>
static class QueryValidator
{
    /// <summary>Paging parameters are read leniently by the paginator instead (DRF ignores a bad page_size).</summary>
    static readonly HashSet<string> PagingParameters = new() { "page", "page_size" };

    public static ValidationErrors Validate(ApiOperation operation, IQueryCollection query)
    {
        var errors = new ValidationErrors();
        foreach (var parameter in operation.QueryParameters)
        {
            var present = query.TryGetValue(parameter.Name, out var values) && values.Count > 0;
            var text = present ? values[^1] : null;
            if (string.IsNullOrEmpty(text))
            {
                if (parameter.Required) errors.Required(parameter.Name);
                continue;
            }
            if (PagingParameters.Contains(parameter.Name)) continue;
            if (parameter.Type.Kind == ApiKind.Integer && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                errors.Invalid(parameter.Name, "A valid integer is required.");
            else if (parameter.Type.Kind == ApiKind.Number && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                errors.Invalid(parameter.Name, "A valid number is required.");
        }
        return errors;
    }
}
