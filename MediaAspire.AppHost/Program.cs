using System.Globalization;
using MediaAspire.AppHost.Hosting;
using MediaAspire.Platform.Queue;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var mediadb = postgres.AddDatabase("mediadb");
var cache = builder.AddRedis("cache");
var storage = builder.AddObjectStorage("storage");
var adminKey = builder.AddParameter("admin-key", secret: true, generate: true)
    .WithStartupBanner("admin key");

var api = builder.AddProject("api")
    .WithReference(mediadb)
    .WithReference(cache)
    .WithReference(storage)
    .WithEnvironment("MEDIAASPIRE_ADMIN_KEY", adminKey)
    .WithConfigurationSection(JobQueueOptions.Section)
    .WaitFor(mediadb)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health")
    .WithPlatformStats("/api/stats", "X-Api-Key", adminKey)
    .WithComputeResources("250m", "256Mi", "2", "1Gi");

// Jobs one worker runs at once; the autoscaler gives each replica as many messages of the job stream.
const int jobsPerWorker = 2;
builder.AddProject("gpuworker")
    .WithReference(mediadb)
    .WithReference(cache)
    .WithReference(storage)
    .WithReference(api)
    .WithEnvironment("Worker__Concurrency", jobsPerWorker.ToString(CultureInfo.InvariantCulture))
    .WithConfigurationSection(JobQueueOptions.Section)
    .WithConfigurationSection("Renditions")
    .WaitFor(mediadb)
    .WaitFor(cache)
    .WithReplicas(int.TryParse(builder.Configuration["GpuWorker:Replicas"], out var replicas) ? replicas : 1)
    .WithHttpHealthCheck("/health")
    .WithComputeResources("1", "2Gi", "4", "8Gi")
    .WithGpu()
    .WithStreamAutoscaling(cache, new JobQueueOptions().StreamKey, messagesPerReplica: jobsPerWorker, maxReplicas: 8);

builder.Build().Run();
