using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MediaAspire.Platform.Processes;

/// <summary>
/// A running ffmpeg or ffprobe (<see cref="FfmpegLauncher.Start"/>): its output for the caller to read, its error output
/// read in the background with the last lines kept for the failure message. Cancellation, the command's timeout and
/// <see cref="Dispose"/> kill it at once.
/// </summary>
public sealed partial class FfmpegProcess : IDisposable
{
    private const int TailLines = 20;

    private readonly Process _process;
    private readonly FfmpegCommand _command;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenRegistration _kill;
    private readonly Queue<string> _tail = new();

    internal FfmpegProcess(Process process, FfmpegCommand command, Func<string, bool>? onErrorLine, CancellationToken cancellationToken)
    {
        (_process, _command, _cancellationToken) = (process, command, cancellationToken);
        StandardErrorRead = Task.Run(() => ReadErrorsAsync(onErrorLine));
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (command.Timeout is { } timeout) _deadline.CancelAfter(timeout);
        // A blocked read of its output ends when it is killed.
        _kill = _deadline.Token.Register(Kill);
    }

    /// <summary>Its output: text, or raw bytes through <see cref="StreamReader.BaseStream"/>. Read it to the end, or dispose.</summary>
    public StreamReader StandardOutput => _process.StandardOutput;

    /// <summary>Its input, when the command <see cref="FfmpegCommand.ReadsStandardInput"/>: close it to end the input.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>Completes when its error output has been read to the end.</summary>
    public Task StandardErrorRead { get; }

    /// <summary>The last lines of its error output (those the caller's line observer did not take).</summary>
    public IReadOnlyList<string> ErrorTail
    {
        get { lock (_tail) return _tail.ToArray(); }
    }

    /// <summary>Waits until it has exited and its error output is read; its exit code.</summary>
    /// <exception cref="OperationCanceledException">It was cancelled (and killed).</exception>
    /// <exception cref="TimeoutException">It ran past the command's timeout (and was killed).</exception>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        await StandardErrorRead;
        return Exited();
    }

    /// <inheritdoc cref="WaitForExitAsync"/>
    public int WaitForExit()
    {
        _process.WaitForExit();
        StandardErrorRead.GetAwaiter().GetResult();
        return Exited();
    }

    /// <summary>Waits until it has exited, and throws if it failed.</summary>
    /// <exception cref="FfmpegFailedException">It exited with an error.</exception>
    /// <inheritdoc cref="WaitForExitAsync" path="/exception"/>
    public async Task CompleteAsync()
    {
        var exitCode = await WaitForExitAsync();
        if (exitCode == 0) return;
        var tail = ErrorTail;
        var last = tail.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? $"exit code {exitCode}";
        throw new FfmpegFailedException(_command.Purpose is { } purpose
            ? $"{_command.ToolName} could not {purpose}: {last}"
            : $"{_command.ToolName} failed: {last}", tail);
    }

    /// <summary>Asks it to finish as a terminal's Ctrl+C would (SIGINT): it stops reading, and its muxers close their
    /// files and write what they still hold (the last segment of a live recording), once its current read returns. A second
    /// SIGINT follows if it has not exited within <paramref name="grace"/>: ffmpeg then abandons a read still waiting
    /// for data, and with it the writes still to come (so give a live input a read timeout shorter than the grace).
    /// Completes when it has exited, or after the second signal's grace.</summary>
    public async Task InterruptAsync(TimeSpan grace)
    {
        for (var signal = 0; signal < 2 && !_process.HasExited; signal++)
        {
            _ = SendSignal(_process.Id, SigInt);
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Still running: signal again (or leave it to the caller).
            }
        }
    }

    private const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>Stops it at once; one that already exited is left alone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private int Exited()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_deadline.IsCancellationRequested && _process.ExitCode != 0)
            throw new TimeoutException($"{_command.ToolName} took longer than {_command.Timeout!.Value.TotalSeconds:0.#} s and was stopped.");
        return _process.ExitCode;
    }

    private async Task ReadErrorsAsync(Func<string, bool>? onErrorLine)
    {
        while (await _process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
        {
            if (onErrorLine?.Invoke(line) == true) continue;
            lock (_tail)
            {
                if (_tail.Count == TailLines) _tail.Dequeue();
                _tail.Enqueue(line);
            }
        }
    }

    /// <summary>Kills it if it still runs, and lets the error reader see the end of its output before letting go of it.</summary>
    public void Dispose()
    {
        _kill.Dispose();
        Kill();
        try
        {
            StandardErrorRead.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The caller's line observer failed: waiting on the exit reports that; disposing only lets go.
        }
        _process.Dispose();
        _deadline.Dispose();
    }
}
