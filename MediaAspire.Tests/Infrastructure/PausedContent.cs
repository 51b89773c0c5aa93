using System.Net;
using System.Net.Http.Headers;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// A request body sent in two pieces with a pause between them: the test decides when the rest follows (or
/// cancels the request in the pause, as a client whose connection dropped mid-body).
/// </summary>
public sealed class PausedContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly int _pauseAt;
    private readonly TaskCompletionSource _firstPieceSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PausedContent(byte[] bytes, int pauseAt)
    {
        (_bytes, _pauseAt) = (bytes, pauseAt);
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>Done once the server has taken the first piece: its handler is under way.</summary>
    public Task FirstPieceSent => _firstPieceSent.Task;

    public void Resume() => _resume.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_bytes.AsMemory(0, _pauseAt), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _firstPieceSent.TrySetResult();
        await _resume.Task.WaitAsync(cancellationToken);
        await stream.WriteAsync(_bytes.AsMemory(_pauseAt), cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
