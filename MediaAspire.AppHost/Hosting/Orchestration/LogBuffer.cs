using System.Threading.Channels;

namespace MediaAspire.AppHost.Hosting;

public sealed record LogLine(long Sequence, DateTimeOffset At, string Text);

/// <summary>The last lines a resource printed, numbered, with live subscribers (the dashboard's SSE streams).</summary>
public sealed class LogBuffer(int capacity = 5000)
{
    private readonly LinkedList<LogLine> _lines = new();
    private readonly List<Channel<LogLine>> _subscribers = [];
    private long _sequence;

    public void Append(string text)
    {
        LogLine line;
        Channel<LogLine>[] subscribers;
        lock (_lines)
        {
            line = new LogLine(++_sequence, DateTimeOffset.UtcNow, text);
            _lines.AddLast(line);
            if (_lines.Count > capacity) _lines.RemoveFirst();
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers) subscriber.Writer.TryWrite(line);
    }

    public IReadOnlyList<LogLine> Snapshot()
    {
        lock (_lines) return [.. _lines];
    }

    /// <summary>The backlog after <paramref name="afterSequence"/>, then every new line until cancelled.</summary>
    public async IAsyncEnumerable<LogLine> FollowAsync(long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        LogLine[] backlog;
        lock (_lines)
        {
            backlog = _lines.Where(l => l.Sequence > afterSequence).ToArray();
            _subscribers.Add(channel);
        }
        try
        {
            foreach (var line in backlog) yield return line;
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken)) yield return line;
        }
        finally
        {
            lock (_lines) _subscribers.Remove(channel);
        }
    }
}
