using System.Collections.Concurrent;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Forks every child process from one dedicated thread that never exits. Linux delivers a child's
/// parent-death signal when the thread that forked it ends, not the process; children forked from
/// pool threads would be killed whenever the pool retires a thread.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Action Start, TaskCompletionSource Done)> Requests = new();

    static ProcessLauncher()
    {
        new Thread(() =>
        {
            foreach (var (start, done) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    start();
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "child-process-launcher" }.Start();
    }

    public static void Run(Action start)
    {
        var done = new TaskCompletionSource();
        Requests.Add((start, done));
        done.Task.GetAwaiter().GetResult();
    }
}
