using MediaAspire.Hosting;
using MediaAspire.Hosting.Deployment;
using MediaAspire.Hosting.Kubernetes;
using MediaAspire.Hosting.LiveIngest;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Hosting.ObjectStorage;
using MediaAspire.Platform.Queue;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

var mediadb = builder.AddPostgresDatabase("postgres", "mediadb");
var cache = builder.AddRedisCache("cache");
var storage = builder.AddObjectStorage("storage");
var adminKey = builder.AddGeneratedSecret("admin-key");

var api = builder.AddProject<Projects.MediaAspire_Api>("api")
    .WithReference(mediadb).WaitFor(mediadb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(storage)
    .WithEnvironment("MEDIAASPIRE_ADMIN_KEY", adminKey)
    .WithConfigurationSection(builder.Configuration, JobQueueOptions.Section)
    .WithHttpHealthCheck("/health")
    .WithAdminCommand("backfill", "Start backfill", "/api/backfill", adminKey)
    .WithComputeResources("250m", "256Mi", "2", "1Gi");

// RTMP ingest: nginx-rtmp asks the API whether a publisher may publish; the worker reads each live stream back from it.
// Published always; in a local run unless turned off with --Live:Rtmp=false (a machine without nginx-rtmp, or port 1935 taken).
var rtmp = builder.ExecutionContext.IsPublishMode || builder.Configuration.GetValue("Live:Rtmp", true) ? builder.AddRtmpIngest("rtmp", api) : null;
if (rtmp is not null) api.WithReference(rtmp.GetEndpoint("rtmp"));

// Jobs one worker runs at once; the autoscaler gives each replica as many messages of the job stream.
const int jobsPerWorker = 2;
var gpuworker = builder.AddProject<Projects.MediaAspire_GpuWorker>("gpuworker")
    .WithReference(mediadb).WaitFor(mediadb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(storage)
    .WithReference(api)
    .WithEnvironment("Worker__Concurrency", jobsPerWorker.ToString())
    .WithConfigurationSection(builder.Configuration, JobQueueOptions.Section)
    .WithConfigurationSection(builder.Configuration, "Renditions")
    .WithReplicas(builder.Configuration.GetValue("GpuWorker:Replicas", 1))
    .WithHttpHealthCheck("/health")
    .WithComputeResources("1", "2Gi", "4", "8Gi")
    .WithGpu()
    .WithStreamAutoscaling(cache, new JobQueueOptions().StreamKey, messagesPerReplica: jobsPerWorker, maxReplicas: 8);

if (rtmp is not null) gpuworker.WithReference(rtmp.GetEndpoint("rtmp"));

builder.AddKubernetesPublishing();
builder.AddStartupSummary(adminKey);

builder.Build().Run();
