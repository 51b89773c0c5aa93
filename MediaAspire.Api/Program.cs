using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets;
using MediaAspire.Api.Classify;
using MediaAspire.Api.Extensions;
using MediaAspire.Api.Highlights;
using MediaAspire.Api.Jobs;
using MediaAspire.Api.Quotas;
using MediaAspire.Api.Stats;
using MediaAspire.Api.Uploads;
using MediaAspire.Platform.Database;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

await app.Services.MigrateMediaDatabaseAsync();
await app.Services.GetRequiredService<AdminKeyBootstrapper>().EnsureAdminKeyAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
// After authentication (the limits are per key) and before authorization, so a refused request costs nothing more.
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints();
// The API description is public so it can be browsed; every operation it describes needs a key.
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();

app.MapApiKeyEndpoints();
app.MapAssetEndpoints();
app.MapRenditionEndpoints();
app.MapUploadEndpoints();
app.MapJobEndpoints();
app.MapClassifyEndpoints();
app.MapBackfillEndpoints();
app.MapStatsEndpoints();
app.MapHighlightsAndClips();
app.MapUsageEndpoints();

app.Run();

