using System.Diagnostics;

namespace CpmPowerShell.Simulator.Hosting;

/// <summary>Calls back once the given process has exited, so an orphaned simulator does not linger.</summary>
static class ParentProcessWatcher
{
    public static void Watch(int pid, Action onExit, CancellationToken cancellation)
    {
        _ = Task.Run(async () =>
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (!IsRunning(pid))
                {
                    onExit();
                    return;
                }
                try { await Task.Delay(500, cancellation); }
                catch (OperationCanceledException) { return; }
            }
        }, CancellationToken.None);
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
