using MediaAspire.Platform.Queue;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Pulls deliveries from the queue and runs them, <see cref="WorkerOptions.Concurrency"/> at a time.
/// The queue cannot block, so an idle loop backs off up to <see cref="WorkerOptions.MaxPollInterval"/>
/// and is woken early when a job is enqueued. No exception ends a loop: a worker never crash-loops.
/// </summary>
public sealed class JobConsumer(JobQueue queue, JobRunner runner, RunningJobs running, IOptions<WorkerOptions> options, ILogger<JobConsumer> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wakeUp = new SemaphoreSlim(0);
        await SubscribeWakeUpsAsync(wakeUp);
        var loops = Enumerable.Range(0, Math.Max(1, options.Value.Concurrency))
            .Select(i => ConsumeAsync($"{Environment.MachineName}-{Environment.ProcessId}-{i}", wakeUp, stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task SubscribeWakeUpsAsync(SemaphoreSlim wakeUp)
    {
        try
        {
            await queue.SubscribeToEnqueuedAsync(() => wakeUp.Release());
            await queue.SubscribeToCancelAsync(jobId => running.Cancel(jobId));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "No enqueue or cancel notifications; relying on polling and lease renewals");
        }
    }

    private async Task ConsumeAsync(string consumer, SemaphoreSlim wakeUp, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var idle = MinPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivery = await queue.ReceiveAsync(consumer);
                if (delivery is null)
                {
                    await wakeUp.WaitAsync(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.Value.MaxPollInterval.Ticks));
                    continue;
                }
                idle = MinPollInterval;
                await runner.RunAsync(delivery, consumer, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Consumer {Consumer} hit an error; retrying", consumer);
                await Task.Delay(options.Value.MaxPollInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
