using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>The simulator as a process: the ready line is all it prints on stdout.</summary>
public sealed class ProcessTests
{
    /// <summary>The simulator's dll as built beside the test (a referenced program is copied with its runtimeconfig).</summary>
    static string SimulatorDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "CpmPowerShell.Simulator.dll");
        Assert.True(File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")), "the simulator's runtimeconfig.json is not beside the tests");
        return beside;
    }

    [Fact]
    public async Task Prints_the_ready_line_and_serves_on_it()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { SimulatorDll(), "--seed", "3", "--parent-pid", Environment.ProcessId.ToString() })
            start.ArgumentList.Add(argument);
        start.Environment[SimulatorOptions.ApiKeyVariable] = "key-from-environment";

        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var match = Regex.Match(line ?? "", @"^CPM simulator listening on https://127\.0\.0\.1:(\d+)/ sha256=([0-9A-F]{64})$");
            Assert.True(match.Success, $"unexpected first line: '{line}'; stderr: {(process.HasExited ? process.StandardError.ReadToEnd() : "")}");

            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                    certificate != null && Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == match.Groups[2].Value,
            };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{match.Groups[1].Value}/") };
            var token = await http.PostAsync("api/token/obtain/api_key/",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["api_key"] = "key-from-environment" }));
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void Bad_options_are_refused_with_usage_on_stderr()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SimulatorDll());
        start.ArgumentList.Add("--error-rate");
        start.ArgumentList.Add("2");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(2, process.ExitCode);
        Assert.Empty(stdout);
        Assert.Contains("--error-rate", stderr);
    }
}
