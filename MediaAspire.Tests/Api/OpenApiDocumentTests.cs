using System.Text.Json;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Api;

/// <summary>
/// The API's own OpenAPI document is the contract clients generate SDKs from (and the web UI its typed client), so it
/// must be complete and true: every operation named, with its success and its error responses, and Redocly's linter
/// (tools/redocly, pinned) finding no errors in it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class OpenApiDocumentTests(ServersFixture servers) : ApiTest(servers)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head"];

    [Fact]
    public async Task Every_operation_has_a_unique_id_a_success_and_an_error_response()
    {
        using var document = await DocumentAsync();

        var operations = Operations(document.RootElement).ToList();
        var unnamed = operations.Where(o => !o.Operation.TryGetProperty("operationId", out _)).Select(o => o.Name);
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).OfType<string>().ToList();
        var withoutSuccess = operations.Where(o => !Statuses(o.Operation).Any(s => s.StartsWith('2'))).Select(o => o.Name);
        var withoutError = operations.Where(o => !Statuses(o.Operation).Any(s => s.StartsWith('4'))).Select(o => o.Name);

        Assert.True(operations.Count >= 30, $"only {operations.Count} operations");
        Assert.Empty(unnamed);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(withoutSuccess);
        Assert.Empty(withoutError);
        Assert.All(document.RootElement.GetProperty("servers").EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/')));
    }

    [Fact]
    public async Task Redocly_lint_finds_no_errors_and_no_unnamed_operations()
    {
        using var document = await DocumentAsync();
        var work = Directory.CreateTempSubdirectory("mediaaspire-openapi-").FullName;
        try
        {
            var file = Path.Combine(work, "openapi.json");
            await File.WriteAllTextAsync(file, document.RootElement.GetRawText());
            var redocly = Path.Combine(RepositoryRoot.Path, "tools", "redocly", "node_modules", ".bin", "redocly");

            // No telemetry and no update check: the linter is pinned and must not call out.
            var (exitCode, output) = await Run.ToEndAsync(redocly, ["lint", file, "--format=json"], work, separateErrors: true,
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });

            // On a failed lint the tool's standard error (Node's banners) follows the JSON report: read the report alone.
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output));
            using var report = JsonDocument.ParseValue(ref reader);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => (Severity: p.GetProperty("severity").GetString(), Rule: p.GetProperty("ruleId").GetString(), Message: p.GetProperty("message").GetString()))
                .ToList();
            Assert.DoesNotContain(problems, p => p.Severity == "error");
            Assert.DoesNotContain(problems, p => p.Rule == "operation-operationId");
            Assert.Equal(0, exitCode);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        using var anonymous = Api.Factory.CreateClient();
        return JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where Methods.Contains(method.Name)
        select ($"{method.Name.ToUpperInvariant()} {path.Name}", method.Value);

    private static IEnumerable<string> Statuses(JsonElement operation) =>
        operation.TryGetProperty("responses", out var responses) ? responses.EnumerateObject().Select(r => r.Name) : [];
}
