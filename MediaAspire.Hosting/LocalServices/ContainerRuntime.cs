using System.Diagnostics;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>Whether a container engine answers. Aspire waits forever for an unhealthy one, so ask first, briefly.</summary>
internal static class ContainerRuntime
{
    public static bool IsHealthy()
    {
        try
        {
            var info = new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker CLI at all
        }
    }
}
