using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Native;
using MediaAspire.Platform.Database;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJobProcessing();

var app = builder.Build();

await app.Services.MigrateMediaDatabaseAsync();
app.Logger.LogInformation("Native runtimes: {Torch}; {OpenCv}", NativeRuntimes.DescribeTorch(), NativeRuntimes.DescribeOpenCv());

app.MapDefaultEndpoints();

app.Run();

