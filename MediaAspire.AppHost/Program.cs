using MediaAspire.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var mediadb = postgres.AddDatabase("mediadb");
var cache = builder.AddRedis("cache");
var storage = builder.AddObjectStorage("storage");
var adminKey = builder.AddParameter("admin-key", secret: true, generate: true);

var api = builder.AddProject("api")
    .WithReference(mediadb)
    .WithReference(cache)
    .WithReference(storage)
    .WithEnvironment("MEDIAASPIRE_ADMIN_KEY", adminKey)
    .WaitFor(mediadb)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

builder.AddProject("gpuworker")
    .WithReference(mediadb)
    .WithReference(cache)
    .WithReference(storage)
    .WithReference(api)
    .WaitFor(mediadb)
    .WaitFor(cache)
    .WithReplicas(int.TryParse(builder.Configuration["GpuWorker:Replicas"], out var replicas) ? replicas : 1)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
