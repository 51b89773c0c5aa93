using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Verdicts;
using MediaAspire.GpuWorker.Highlights;
using MediaAspire.GpuWorker.Live;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Renditions;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.GpuWorker.Text;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

internal static class JobProcessingExtensions
{
    public static IHostApplicationBuilder AddJobProcessing(this IHostApplicationBuilder builder)
    {
        // A running job may hold a few connections at once (its handler's reads and its commit, its lease renewal, its
        // progress writes), the sweeper and the health check one each: four per job it runs at once, plus six to spare.
        var concurrency = Math.Max(1, builder.Configuration.GetValue<int?>($"{WorkerOptions.Section}:{nameof(WorkerOptions.Concurrency)}") ?? new WorkerOptions().Concurrency);
        builder.AddMediaDatabase(defaultMaxPoolSize: 4 * concurrency + 6);
        builder.AddJobQueue();
        builder.AddObjectStorage();

        builder.Services.Configure<WorkerOptions>(builder.Configuration.GetSection(WorkerOptions.Section));
        builder.Services.Configure<RenditionSettings>(builder.Configuration.GetSection(RenditionSettings.Section));
        builder.Services.AddSingleton<StorageRetry>(sp => new StorageRetry(sp.GetRequiredService<ILogger<StorageRetry>>()));
        builder.Services.AddSingleton<SourceFetcher>();
        builder.Services.AddSingleton<ResultUploader>();
        builder.Services.AddSingleton<JobAssets>();
        builder.Services.Configure<MediaLimits>(builder.Configuration.GetSection(MediaLimits.Section));
        builder.Services.AddSingleton<MediaProber>();
        builder.Services.AddSingleton<RenditionMaker>();
        builder.Services.Configure<ScoringOptions>(builder.Configuration.GetSection(ScoringOptions.Section));
        // Once per process, warmed up at start (Scoring:WarmUp) or else loaded on first use.
        builder.Services.AddSingleton(sp => ContentClassifier.Load(sp.GetRequiredService<IOptions<ScoringOptions>>().Value));
        builder.Services.AddSingleton<ScorerWarmUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScorerWarmUp>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("scoring", sp => sp.GetRequiredService<ScorerWarmUp>(), null, ["ready"]));
        builder.Services.Configure<VerdictOptions>(builder.Configuration.GetSection(VerdictOptions.Section));
        builder.Services.Configure<BackfillOptions>(builder.Configuration.GetSection(BackfillOptions.Section));
        builder.Services.Configure<FaceOptions>(builder.Configuration.GetSection(FaceOptions.Section));
        builder.Services.AddSingleton(sp => new FaceDetector(sp.GetRequiredService<IOptions<FaceOptions>>().Value));
        builder.Services.Configure<TextOptions>(builder.Configuration.GetSection(TextOptions.Section));
        // Loaded on first use, once per process: the jobs that read on-screen text share it (it is thread-safe).
        builder.Services.AddSingleton(sp => OnScreenTextReader.Load(sp.GetRequiredService<IOptions<TextOptions>>().Value));
        builder.Services.AddSingleton<VerdictPipeline>();
        // PublicationOnly: a failed load is not cached (DI hands every racer the same singleton anyway).
        builder.Services.AddSingleton(sp => new Lazy<VerdictPipeline>(sp.GetRequiredService<VerdictPipeline>, LazyThreadSafetyMode.PublicationOnly));
        builder.Services.AddSingleton<AssetClassifier>();
        builder.Services.AddSingleton<IJobHandler, ProbeJobHandler>();
        builder.Services.AddSingleton<IJobHandler, RenditionJobHandler>();
        builder.Services.AddSingleton<IJobHandler, ClassifyJobHandler>();
        builder.Services.AddSingleton<IJobHandler, BackfillJobHandler>();
        builder.AddHighlightsAndClips();
        builder.AddLiveRecording();
        builder.AddBrands();
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<LostJobSweeper>();
        builder.Services.AddHostedService<JobConsumer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LostJobSweeper>());
        return builder;
    }
}
