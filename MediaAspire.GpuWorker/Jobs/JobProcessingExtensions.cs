using MediaAspire.GpuWorker.Analysis;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Renditions;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

internal static class JobProcessingExtensions
{
    public static IHostApplicationBuilder AddJobProcessing(this IHostApplicationBuilder builder)
    {
        builder.AddMediaDatabase();
        builder.AddJobQueue();
        builder.AddObjectStorage();

        builder.Services.Configure<WorkerOptions>(builder.Configuration.GetSection(WorkerOptions.Section));
        builder.Services.Configure<RenditionSettings>(builder.Configuration.GetSection(RenditionSettings.Section));
        builder.Services.AddSingleton<StorageRetry>(sp => new StorageRetry(sp.GetRequiredService<ILogger<StorageRetry>>()));
        builder.Services.AddSingleton<SourceFetcher>();
        builder.Services.AddSingleton<MediaProber>();
        builder.Services.AddSingleton<RenditionMaker>();
        builder.Services.Configure<ScoringOptions>(builder.Configuration.GetSection(ScoringOptions.Section));
        // Loaded on first use, once per process: a worker that never scores never pays for the model.
        builder.Services.AddSingleton(sp => ContentClassifier.Load(sp.GetRequiredService<IOptions<ScoringOptions>>().Value));
        builder.Services.Configure<AnalysisOptions>(builder.Configuration.GetSection(AnalysisOptions.Section));
        builder.Services.Configure<BackfillOptions>(builder.Configuration.GetSection(BackfillOptions.Section));
        builder.Services.AddSingleton<FaceDetector>();
        builder.Services.AddSingleton<VideoAnalyzer>();
        builder.Services.AddSingleton<AssetClassifier>();
        builder.Services.AddSingleton<IJobHandler, ProbeJobHandler>();
        builder.Services.AddSingleton<IJobHandler, RenditionJobHandler>();
        builder.Services.AddSingleton<IJobHandler, ClassifyJobHandler>();
        builder.Services.AddSingleton<IJobHandler, BackfillJobHandler>();
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<LostJobSweeper>();
        builder.Services.AddHostedService<JobConsumer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LostJobSweeper>());
        return builder;
    }
}
