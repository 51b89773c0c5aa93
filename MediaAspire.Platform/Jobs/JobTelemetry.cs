using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MediaAspire.Platform.Jobs;

/// <summary>
/// The job pipeline's traces and metrics, exported over OTLP by the service defaults (<c>MediaAspire.*</c>): a job is
/// one span in the trace of the request that queued it (its context travels in the queue message as W3C
/// <c>traceparent</c>), each stage a span below it; the counters and histograms are on the dashboard's Metrics page.
/// </summary>
public static class JobTelemetry
{
    public const string Name = "MediaAspire.Jobs";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Jobs that reached an end state, by <c>kind</c> and <c>state</c> (completed, failed, cancelled).</summary>
    public static readonly Counter<long> JobsFinished = Meter.CreateCounter<long>("mediaaspire.jobs.finished", "{job}", "Jobs that reached an end state");

    /// <summary>How long each stage of a job took, by <c>kind</c> and <c>stage</c>.</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("mediaaspire.jobs.stage.duration", "s", "Time spent in each stage of a job");

    /// <summary>Frames the content classifier scored.</summary>
    public static readonly Counter<long> FramesScored = Meter.CreateCounter<long>("mediaaspire.frames.scored", "{frame}", "Frames scored by the content classifier");

    /// <summary>The current span's context in W3C form, for a queue message (null outside a trace).</summary>
    public static (string? TraceParent, string? TraceState) CurrentContext()
    {
        string? parent = null, state = null;
        if (Activity.Current is { } activity)
        {
            DistributedContextPropagator.Current.Inject(activity, null, (_, key, value) =>
            {
                if (key == "traceparent") parent = value;
                else if (key == "tracestate") state = value;
            });
        }
        return (parent, state);
    }

    /// <summary>Starts the job's span, continuing the trace a queue message carried (a new trace if it carried none).</summary>
    public static Activity? StartJob(Job job, string? traceParent, string? traceState)
    {
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"job {job.Kind}", ActivityKind.Consumer, parent);
        activity?.SetTag("mediaaspire.job.id", job.Id.ToString());
        activity?.SetTag("mediaaspire.job.kind", job.Kind);
        if (job.AssetId is { } assetId) activity?.SetTag("mediaaspire.asset.id", assetId.ToString());
        activity?.SetTag("messaging.system", "redis");
        return activity;
    }
}
