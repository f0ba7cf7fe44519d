using CpmPowerShell.Spec;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Spec;

/// <summary>
/// src/api/cpm-api.json must describe every endpoint of the guide with its parameters and body fields.
/// The expected list (endpoints.expected.txt) was written from the guide's catalog independently of the converter.
/// </summary>
public class SpecTests
{
    static readonly ApiSpec Spec = ApiSpec.Load(ApiSpec.LocateInRepo(AppContext.BaseDirectory));

    static string Describe(ApiOperation op)
    {
        static IEnumerable<string> Flatten(ApiSchema schema, string prefix, HashSet<string> seen)
        {
            foreach (var p in schema.Properties)
            {
                yield return prefix + p.Name + (p.Required ? "*" : "");
                var nested = p.Type.Kind == ApiKind.Array ? p.Type.Items?.Schema : p.Type.Schema;
                if (nested != null && seen.Add(nested.Name))
                    foreach (var inner in Flatten(nested, prefix + p.Name + ".", seen)) yield return inner;
            }
        }
        var body = op.RequestBody == null ? "" : string.Join(",", Flatten(op.RequestBody, "", new HashSet<string>()).OrderBy(s => s, StringComparer.Ordinal));
        return string.Join(" | ",
            op.Method + " " + op.Path,
            "path=" + string.Join(",", op.PathParameters.Select(p => p.Name).OrderBy(s => s, StringComparer.Ordinal)),
            "query=" + string.Join(",", op.QueryParameters.Select(p => p.Name + (p.Required ? "*" : "")).OrderBy(s => s, StringComparer.Ordinal)),
            "body=" + body,
            "success=" + op.SuccessStatus);
    }

    public static IEnumerable<object[]> ExpectedEndpoints() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Spec", "endpoints.expected.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => new object[] { l });

    [Fact]
    public void HasAll350Endpoints()
    {
        Assert.Equal(350, Spec.Operations.Count);
        Assert.Equal(350, Spec.Operations.Select(o => o.Method + " " + o.Path).Distinct().Count());
        Assert.Equal(350, ExpectedEndpoints().Count());
    }

    [Theory]
    [MemberData(nameof(ExpectedEndpoints))]
    public void EndpointMatchesTheGuide(string expected)
    {
        var key = expected[..expected.IndexOf(" | ", StringComparison.Ordinal)];
        var space = key.IndexOf(' ');
        var op = Spec.Find(key[..space], key[(space + 1)..]);
        Assert.True(op != null, $"{key} is missing from cpm-api.json");
        Assert.Equal(expected, Describe(op!));
    }

    [Fact]
    public void EnumsKeepTheirMeanings()
    {
        var unit = Spec.Find("POST", "/api/schedules/")!.RequestBody!.Property("every_unit")!.Type;
        Assert.Equal(ApiKind.Enum, unit.Kind);
        Assert.Equal(new[] { "M", "H", "D", "W", "O" }, unit.EnumValues);
        Assert.Equal("Weeks", unit.EnumLabels["W"]);
    }

    [Fact]
    public void ListsCarryPagingSearchAndOrdering()
    {
        var list = Spec.Find("GET", "/api/schedules/")!;
        Assert.True(list.Paginated);
        Assert.Contains("name", list.OrderingFields);
        Assert.NotEmpty(list.SearchFields);
        Assert.Equal(ApiKind.Array, list.SuccessType!.Kind);
        Assert.Equal("response_schedules_list", list.SuccessType.Items!.Schema!.Name);
    }

    [Fact]
    public void VersionsAndMediaTypesAreThere()
    {
        Assert.Equal("1.5.0", Spec.Version);
        Assert.Equal(new[] { "1.5.0", "1.4.0", "1.3.0", "1.2.0", "1.1.0", "1.0.0" }, Spec.ApiVersions);
        var logs = Spec.Find("GET", "/api/backups/{id}/logs/")!;
        Assert.Contains("text/csv", logs.Produces);
        var supportLogs = Spec.Find("GET", "/api/system/support_logs/")!;
        Assert.Contains("application/x-bzip2", supportLogs.Downloads);
        Assert.Contains(412, Spec.Find("POST", "/api/policies/{id}/backups/")!.Statuses);
        Assert.True(Spec.Find("GET", "/api/freezer/")!.Deprecated);
    }

    /// <summary>When the vendor catalog is next to the repo (developer machines), converting it again gives the committed spec.</summary>
    [SkippableFact]
    public void ConverterReproducesTheCommittedSpec()
    {
        var specPath = ApiSpec.LocateInRepo(AppContext.BaseDirectory);
        var repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(specPath)!, "..", ".."));
        var catalog = Path.Combine(repo, "..", "shared", "api-guide", "cpm-endpoints.json");
        Skip.IfNot(File.Exists(catalog), "the vendor catalog is not beside this clone (CI clones the repo alone)");
        var converted = CpmPowerShell.Generator.Spec.CatalogConverter.Serialize(
            CpmPowerShell.Generator.Spec.CatalogConverter.Convert(Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(catalog))));
        Assert.True(converted == File.ReadAllText(specPath), "src/api/cpm-api.json differs from a fresh conversion: run build.ps1 -Task ImportSpec.");
    }
}
