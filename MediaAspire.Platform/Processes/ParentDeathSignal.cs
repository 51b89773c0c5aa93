using System.Collections.Concurrent;
using System.Diagnostics;

namespace MediaAspire.Platform.Processes;

/// <summary>
/// Child processes that cannot outlive their parent: on Linux each is started through <c>setpriv --pdeathsig</c>,
/// so the kernel signals it when the parent dies, however it dies (SIGKILL, the OOM killer). The AppHost starts its
/// servers and services this way, and <see cref="FfmpegLauncher"/> every ffmpeg and ffprobe.
/// <para>The kernel sends that signal when the <em>thread</em> that forked the child ends, not the process. A child
/// started by <see cref="Start"/> is forked by one thread that lives as long as the process. One started with
/// <see cref="Process.Start(ProcessStartInfo)"/> on <see cref="StartInfo"/> is killed when the calling thread ends: do
/// that only from a thread that outlives the child (code that starts, reads and disposes it with no <c>await</c>
/// between).</para>
/// </summary>
public static class ParentDeathSignal
{
    private const string Setpriv = "/usr/bin/setpriv";
    private const string Setsid = "/usr/bin/setsid";
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();

    static ParentDeathSignal()
    {
        new Thread(() =>
        {
            foreach (var (info, started) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}."));
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "child-process-launcher" }.Start();
    }

    /// <summary>
    /// Start settings for <paramref name="fileName"/>, wrapped in <c>setpriv</c> where there is one (callers add their
    /// arguments to <see cref="ProcessStartInfo.ArgumentList"/>): output and errors redirected, no shell.
    /// </summary>
    /// <param name="signal">Sent to the child when the parent dies: KILL, or TERM/INT for a server that should shut down cleanly.</param>
    /// <param name="runAsUser">Run as this user (the caller must be root), e.g. PostgreSQL refuses root.</param>
    /// <param name="newSession">Start the child in a session (and process group) of its own, so the Ctrl+C a terminal sends
    /// to its foreground process group reaches only the parent, which then stops its children in its own order.</param>
    public static ProcessStartInfo StartInfo(string fileName, string signal = "KILL", string? runAsUser = null, bool newSession = false)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!OperatingSystem.IsLinux() || !File.Exists(Setpriv))
        {
            info.FileName = fileName;
            return info;
        }
        info.FileName = Setpriv;
        if (newSession && File.Exists(Setsid))
        {
            // setsid(2) then exec setpriv: a freshly forked child leads no process group, so setsid does not fork.
            info.FileName = Setsid;
            info.ArgumentList.Add(Setpriv);
        }
        if (runAsUser is not null)
            foreach (var option in (string[])[$"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups"]) info.ArgumentList.Add(option);
        // setpriv sets the death signal after changing user (a uid change would clear it).
        foreach (var argument in (string[])["--pdeathsig", signal, "--", fileName]) info.ArgumentList.Add(argument);
        return info;
    }

    /// <summary>Starts <paramref name="info"/> from the long-lived launcher thread, so its death signal fires only when this process dies.</summary>
    public static Process Start(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>();
        Requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }
}
