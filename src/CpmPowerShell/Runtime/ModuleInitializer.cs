using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Loads our dependencies from the module folder whatever version is asked for. Windows PowerShell 5.1
    /// cannot apply binding redirects to a module, and Polly.Core asks for older versions of
    /// Microsoft.Bcl.AsyncInterfaces, Microsoft.Bcl.TimeProvider and System.ComponentModel.Annotations than
    /// the ones we ship. Only files that exist in the module folder are answered; everything else is
    /// left to the runtime (on PowerShell 7 the handler is rarely asked at all).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
        static int registered;

        public void OnImport()
        {
            if (Interlocked.Exchange(ref registered, 1) == 0)
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            CloseConnectionsOfThisRunspace();
            if (Interlocked.Exchange(ref registered, 0) == 1)
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
        }

        /// <summary>
        /// Remove-Module closes the connections of the runspace that removes the module: their HTTP clients
        /// and tokens would otherwise live on unreachable. Other runspaces keep theirs.
        /// </summary>
        static void CloseConnectionsOfThisRunspace() =>
            CpmSessionState.OfRunspace(System.Management.Automation.Runspaces.Runspace.DefaultRunspace)?.CloseAll();

        static Assembly ResolveFromModuleDirectory(object sender, ResolveEventArgs args)
        {
            string simpleName;
            try
            {
                simpleName = new AssemblyName(args.Name).Name;
            }
            catch (Exception)
            {
                return null; // not an assembly name we can read; not ours
            }
            if (string.IsNullOrEmpty(simpleName) || string.IsNullOrEmpty(ModuleDirectory)) return null;

            var path = Path.Combine(ModuleDirectory, simpleName + ".dll");
            if (!File.Exists(path)) return null;

            // Already loaded from our folder (asked again under another version): reuse it, never load twice.
            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a =>
                !a.IsDynamic
                && string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase)
                && string.Equals(SafeLocation(a), path, StringComparison.OrdinalIgnoreCase));
            return loaded ?? Assembly.LoadFrom(path);
        }

        static string SafeLocation(Assembly assembly)
        {
            try
            {
                return assembly.Location;
            }
            catch (NotSupportedException)
            {
                return null;
            }
        }
    }
}
