using MediaAspire.GpuWorker.Cli;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Native;
using MediaAspire.Platform.Database;

// The analyze CLI runs the stages on local files and needs no host, database or queue.
if (args is ["analyze", .. var files]) return await AnalyzeCommand.RunAsync(files);

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJobProcessing();

var app = builder.Build();

await app.Services.MigrateMediaDatabaseAsync();
app.Logger.LogInformation("Native runtimes: {Torch}; {OpenCv}", NativeRuntimes.DescribeTorch(), NativeRuntimes.DescribeOpenCv());

app.MapDefaultEndpoints();

app.Run();
return 0;

