using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using Newtonsoft.Json;

namespace CpmBench.Floor;

/// <summary>
/// Variant (c) of bench/Invoke-CpmBenchmark.ps1: GET /api/backups/?page=N&amp;page_size=100 following
/// "next" to the end, on one HttpClient, each page deserialized from the response stream straight into
/// the module's Backup model with the module's serializer settings. Nothing else: no retries, no log
/// lines, no PowerShell. It prints progress to stderr and one "BENCH-RESULT {json}" line to stdout.
/// Arguments: --url https://127.0.0.1:port/ --sha256 HEX [--expected 20000] [--page-size 100] [--repeat 3].
/// The API key comes from $CPM_BENCH_API_KEY (default cpm-simulator-key), never the command line.
/// </summary>
static class Program
{
    sealed class Page
    {
        [JsonProperty("count")] public int Count { get; set; }
        [JsonProperty("next")] public string? Next { get; set; }
        [JsonProperty("results")] public List<Backup> Results { get; set; } = new();
    }

    static async Task<int> Main(string[] args)
    {
        string? url = null, sha256 = null;
        int expected = 20000, pageSize = 100, repeat = 3;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--url": url = Next(); break;
                case "--sha256": sha256 = Next(); break;
                case "--expected": expected = int.Parse(Next()); break;
                case "--page-size": pageSize = int.Parse(Next()); break;
                case "--repeat": repeat = int.Parse(Next()); break;
                default: Console.Error.WriteLine($"Unknown argument '{args[i]}'."); return 2;
            }
        }
        if (url == null || sha256 == null) { Console.Error.WriteLine("Usage: CpmBench.Floor --url <https://host:port/> --sha256 <hex> [--expected n] [--page-size n] [--repeat n]"); return 2; }
        var apiKey = Environment.GetEnvironmentVariable("CPM_BENCH_API_KEY") is { Length: > 0 } key ? key : "cpm-simulator-key";
        var baseUri = new Uri(url.EndsWith('/') ? url : url + "/");
        var pin = sha256.Replace(":", "").ToUpperInvariant();

        var baseline = CurrentWorkingSet();
        // The simulator's certificate is self-signed: pin its SHA-256, as the module does with -CertificateThumbprint.
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate != null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == pin,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json; version=1.5.0"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ObtainTokenAsync(http, apiKey));

        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        var allocated = new List<long>();
        var counts = new List<int>();
        for (var pass = 0; pass <= repeat; pass++) // pass 0 is the warm-up (JIT, TLS, connection)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = ProcessorTime();
            var clock = Stopwatch.StartNew();
            var backups = await ListAllAsync(http, $"api/backups/?page=1&page_size={pageSize}");
            clock.Stop();
            var cpu = ProcessorTime() - cpuBefore;
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
            Verify(backups, expected, pass);
            Console.Error.WriteLine($"  floor {(pass == 0 ? "warm-up" : "pass " + pass)}: {backups.Count} backups in {clock.Elapsed.TotalSeconds:F3} s");
            if (pass == 0) continue;
            seconds.Add(clock.Elapsed.TotalSeconds);
            cpuSeconds.Add(cpu.TotalSeconds);
            allocated.Add(bytes);
            counts.Add(backups.Count);
        }

        var result = new Dictionary<string, object>
        {
            ["variant"] = "floor",
            ["counts"] = counts,
            ["seconds"] = seconds,
            ["cpuSeconds"] = cpuSeconds,
            ["allocatedBytes"] = allocated,
            ["baselineWorkingSetBytes"] = baseline,
            ["peakWorkingSetBytes"] = PeakWorkingSet(),
            ["runtime"] = Environment.Version.ToString(),
        };
        Console.WriteLine("BENCH-RESULT " + JsonConvert.SerializeObject(result));
        return 0;
    }

    /// <summary>Outside the timer: exactly the expected number of backups, each a distinct id.</summary>
    static void Verify(List<Backup> backups, int expected, int pass)
    {
        var ids = new HashSet<long>();
        foreach (var backup in backups)
            if (backup.Id is long id) ids.Add(id);
        if (backups.Count != expected || ids.Count != expected)
            throw new InvalidOperationException($"Pass {pass}: got {backups.Count} backups ({ids.Count} distinct ids), expected {expected}.");
    }

    static async Task<string> ObtainTokenAsync(HttpClient http, string apiKey)
    {
        using var form = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("api_key", apiKey) });
        using var response = await http.PostAsync("api/token/obtain/api_key/", form);
        response.EnsureSuccessStatusCode();
        var body = Newtonsoft.Json.Linq.JObject.Parse(await response.Content.ReadAsStringAsync());
        return (string?)body["access"] ?? throw new InvalidOperationException("The token answer has no access token.");
    }

    static async Task<List<Backup>> ListAllAsync(HttpClient http, string first)
    {
        var all = new List<Backup>();
        string? next = first;
        while (next != null)
        {
            using var response = await http.GetAsync(next, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var text = new StreamReader(stream, Encoding.UTF8);
            using var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None };
            var page = CpmJson.Serializer.Deserialize<Page>(json) ?? throw new InvalidDataException("Empty page.");
            all.AddRange(page.Results);
            next = page.Next;
        }
        return all;
    }

    static TimeSpan ProcessorTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    static long CurrentWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>The process's peak resident set since it started (VmHWM on Linux).</summary>
    static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
