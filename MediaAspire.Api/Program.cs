using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets;
using MediaAspire.Api.Backfill;
using MediaAspire.Api.Brands;
using MediaAspire.Api.ClassifyVideo;
using MediaAspire.Api.Extensions;
using MediaAspire.Api.Jobs;
using MediaAspire.Api.Live;
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
// /api/assets and everything below it (renditions, verdict, poster, highlights, clips, brands).
app.MapAssetEndpoints();
app.MapUploadEndpoints();
app.MapBrands();
app.MapJobEndpoints();
app.MapClassifyVideoEndpoints();
app.MapBackfillEndpoints();
app.MapStatsEndpoints();
app.MapUsageEndpoints();
// /api/live: RTMP ingest sessions, their HLS and analysis events, and nginx-rtmp's callbacks.
app.MapLiveEndpoints();

app.Run();

