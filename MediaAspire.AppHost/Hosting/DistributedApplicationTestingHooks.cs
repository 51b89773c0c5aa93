using System.Reflection;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Lets a test run the AppHost's own <c>Program</c> and take over the built application, in the
/// spirit of Aspire.Hosting.Testing: the entry point runs until <c>Build()</c>, the test receives
/// the application and the entry point is stopped before it would run it.
/// </summary>
public static class DistributedApplicationTestingHooks
{
    private static readonly object Gate = new();
    private static Capture? _capture;

    private sealed class Capture(string[] extraArguments)
    {
        public string[] ExtraArguments { get; } = extraArguments;
        public TaskCompletionSource<DistributedApplication> Built { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class BuiltForTestingException() : Exception("The application was handed to a test.");

    /// <summary>Runs <paramref name="appHostAssembly"/>'s entry point with <paramref name="arguments"/> appended and returns its built application.</summary>
    public static async Task<DistributedApplication> BuildAsync(Assembly appHostAssembly, params string[] arguments)
    {
        var capture = new Capture(arguments);
        lock (Gate)
        {
            if (_capture is not null) throw new InvalidOperationException("Another AppHost is being built for a test.");
            _capture = capture;
        }
        try
        {
            var entryPoint = appHostAssembly.EntryPoint ?? throw new InvalidOperationException("The AppHost has no entry point.");
            var run = Task.Run(() =>
            {
                try
                {
                    entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
                }
                catch (TargetInvocationException e) when (e.InnerException is BuiltForTestingException)
                {
                }

            });
            await Task.WhenAny(capture.Built.Task, run);
            // Built completes before the entry point unwinds, but its continuation may run later.
            if (!capture.Built.Task.IsCompleted)
            {
                await run;
                throw new InvalidOperationException("The AppHost's entry point returned without building an application.");
            }
            return await capture.Built.Task;
        }
        finally
        {
            lock (Gate) _capture = null;
        }
    }

    internal static string[] ArgumentsFor(string[] args)
    {
        lock (Gate) return _capture is null ? args : [.. args, .. _capture.ExtraArguments];
    }

    internal static void OnBuilt(DistributedApplication app)
    {
        Capture? capture;
        lock (Gate) capture = _capture;
        if (capture is null) return;
        capture.Built.TrySetResult(app);
        throw new BuiltForTestingException();
    }
}
