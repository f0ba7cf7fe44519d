using CpmPowerShell.Simulator;
using CpmPowerShell.Simulator.Hosting;

// The CPM simulator as a process: parse options, start, print the ready line, run until stopped.
SimulatorOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (options == null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

await using var host = await SimulatorHost.StartAsync(options);
Console.Out.WriteLine(host.ReadyLine);
Console.Out.Flush();
await host.WaitForShutdownAsync();
return 0;
