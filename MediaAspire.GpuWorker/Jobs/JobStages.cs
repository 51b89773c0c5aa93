using System.Diagnostics;
using MediaAspire.Platform.Jobs;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Turns a job's progress reports into one span per stage (download, probe, scenes, scoring, renditions, upload…)
/// under the job's span, and records each stage's duration. Stages are told apart by the name the handler reports,
/// so handlers need no tracing code of their own.
/// </summary>
public sealed class JobStages(Job job, Activity? jobActivity) : IDisposable
{
    private readonly Lock _lock = new();
    private Activity? _stage;
    private string? _stageName;
    private long _stageStarted;

    public void Enter(string stage)
    {
        lock (_lock)
        {
            if (stage == _stageName) return;
            EndCurrent();
            _stageName = stage;
            _stageStarted = Stopwatch.GetTimestamp();
            // A sibling of whatever runs now, not its parent: a progress report must not change the caller's Activity.Current.
            var current = Activity.Current;
            _stage = jobActivity is null ? null : JobTelemetry.Source.StartActivity(stage, ActivityKind.Internal, jobActivity.Context);
            Activity.Current = current;
        }
    }

    public void Dispose()
    {
        lock (_lock) EndCurrent();
    }

    private void EndCurrent()
    {
        if (_stageName is null) return;
        JobTelemetry.StageDuration.Record(Stopwatch.GetElapsedTime(_stageStarted).TotalSeconds,
            new KeyValuePair<string, object?>("kind", job.Kind), new KeyValuePair<string, object?>("stage", _stageName));
        _stage?.Stop();
        _stage = null;
        _stageName = null;
    }
}
