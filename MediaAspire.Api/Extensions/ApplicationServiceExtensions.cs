using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets;
using MediaAspire.Api.Assets.Highlights;
using MediaAspire.Api.Brands;
using MediaAspire.Api.ClassifyVideo;
using MediaAspire.Api.Errors;
using MediaAspire.Api.Jobs;
using MediaAspire.Api.Live;
using MediaAspire.Api.OpenApi;
using MediaAspire.Api.RateLimits;
using MediaAspire.Api.Uploads;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace MediaAspire.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Requests hold a connection for one statement or transaction at a time: 40 serves hundreds of concurrent ones
        // (the load test's 200 polls) and leaves PostgreSQL's default 100 connections room for the workers.
        builder.AddMediaDatabase(defaultMaxPoolSize: 40);
        builder.AddJobQueue();
        builder.AddObjectStorage();

        builder.Services.ConfigureHttpJsonOptions(o => PlatformJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        builder.Services.AddOpenApi(o => o
            .AddDocumentTransformer<ApiDescriptionTransformer>()
            .AddDocumentTransformer<ApiKeySecuritySchemeTransformer>()
            .AddOperationTransformer<CommonProblemsTransformer>());

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            // Secure by default: an endpoint is anonymous only when it says so, and otherwise needs the scope its
            // method implies (read for GET, write for the rest), so a new endpoint is covered without saying anything.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireAssertion(c => c.Resource is HttpContext http && c.User.HasScope(ApiScopes.ForMethod(http.Request.Method)))
                .Build())
            .AddPolicy(ApiKeyAuthenticationHandler.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyClaims.Scope, ApiScopes.Admin))
            .AddPolicy(ApiKeyAuthenticationHandler.OperatorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyClaims.Operator, "true"));
        builder.Services.AddKeyRateLimits(builder.Configuration);
        builder.Services.AddSingleton<ApiKeyRepository>();
        builder.Services.AddSingleton<AdminKeyBootstrapper>();

        builder.Services.Configure<UploadOptions>(builder.Configuration.GetSection(UploadOptions.Section));
        builder.Services.AddSingleton<AssetIngestor>();
        builder.Services.AddSingleton<AssetRemover>();
        builder.Services.Configure<ClassifyOptions>(builder.Configuration.GetSection(ClassifyOptions.Section));
        builder.Services.AddSingleton<ClassifyJobStarter>();
        builder.Services.AddSingleton<JobCompletion>();
        builder.Services.AddSingleton<UploadRepository>();
        builder.Services.AddSingleton<ResumableUploadService>();
        builder.Services.AddSingleton<UploadExpirySweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UploadExpirySweeper>());
        builder.Services.AddHostedService<Stats.JobMetricsSampler>();
        builder.Services.AddHostedService<Quotas.QuotaReconciler>();
        builder.AddHighlightsAndClips();
        builder.AddLiveApi();
        builder.AddBrands();
        return builder;
    }
}
