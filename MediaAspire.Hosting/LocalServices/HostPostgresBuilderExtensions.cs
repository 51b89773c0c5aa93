using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>PostgreSQL as a host process: initdb on first start, the server under DCP, databases created once it is ready.</summary>
public static class HostPostgresBuilderExtensions
{
    public static IResourceBuilder<HostPostgresServerResource> AddHostPostgres(this IDistributedApplicationBuilder builder,
        string name, IResourceBuilder<ParameterResource> password, string dataDirectory, int? port = null)
    {
        var bin = HostPrograms.PostgresBinaries();
        var postgres = Path.Combine(bin, "postgres");
        var listenPort = port ?? HostPrograms.FreePort();
        // Under root the server must run as 'postgres' (it refuses root); setpriv execs it without a wrapper process.
        // The shell joins stderr to stdout: PostgreSQL logs everything to stderr, which the dashboard shows as errors.
        var (command, prefix) = HostPrograms.IsRoot
            ? ("setpriv", new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", "/bin/sh" })
            : ("/bin/sh", Array.Empty<string>());
        var server = new HostPostgresServerResource(name, command, password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) =>
            await InitialiseAsync(bin, dataDirectory, await password.Resource.GetValueAsync(ct) ?? "", ct));

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<HostPostgresDatabaseResource>().Where(d => d.Parent == server))
            {
                await HostPostgresDatabases.EnsureAsync(connectionString!, database.DatabaseName, ct);
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            }
        });
        // Aspire mirrors a parent's state onto its children only for containers; for this executable we do it,
        // except Running, which a database reaches once it exists (above).
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, ct) =>
        {
            _ = MirrorStateOntoDatabasesAsync(builder, server, e.Services.GetRequiredService<ResourceNotificationService>(), ct);
            return Task.CompletedTask;
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("PostgreSQL's connection string is not known yet.")) + ";Database=postgres;Pooling=false",
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithEndpoint(port: listenPort, targetPort: listenPort, scheme: "tcp", name: HostPostgresServerResource.EndpointName, isProxied: false)
            .WithArgs([.. prefix, "-c", "exec \"$0\" \"$@\" 2>&1", postgres,
                "-D", dataDirectory, "-p", listenPort.ToString(), "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1"])
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<HostPostgresDatabaseResource> AddDatabase(this IResourceBuilder<HostPostgresServerResource> builder,
        string name, string? databaseName = null)
    {
        var database = new HostPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);

        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("The database's connection string is not known yet.")) + ";Pooling=false",
            name: healthCheckKey);
        return builder.ApplicationBuilder.AddResource(database).WithHealthCheck(healthCheckKey);
    }

    private static async Task MirrorStateOntoDatabasesAsync(IDistributedApplicationBuilder builder, HostPostgresServerResource server,
        ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (update.Resource != server || update.Snapshot.State?.Text is not { } state || state == KnownResourceStates.Running) continue;
                foreach (var database in builder.Resources.OfType<HostPostgresDatabaseResource>().Where(d => d.Parent == server))
                    await notifications.PublishUpdateAsync(database, s => s with { State = state, StopTimeStamp = update.Snapshot.StopTimeStamp });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task InitialiseAsync(string bin, string dataDirectory, string password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        if (HostPrograms.IsRoot && OperatingSystem.IsLinux())
        {
            // 'postgres' must own its data directory and reach it through every parent.
            for (var dir = Directory.GetParent(dataDirectory); dir is not null && dir.FullName != "/"; dir = dir.Parent)
                File.SetUnixFileMode(dir.FullName, File.GetUnixFileMode(dir.FullName) | UnixFileMode.OtherExecute);
            await RunAsync("chown", ["-R", "postgres:postgres", dataDirectory], cancellationToken);
        }
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION"))) return;

        var passwordFile = Path.Combine(dataDirectory, "..", $".pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (HostPrograms.IsRoot) await RunAsync("chown", ["postgres:postgres", passwordFile], cancellationToken);
            string[] initdb = [Path.Combine(bin, "initdb"), "-D", dataDirectory, "-U", HostPostgresServerResource.UserName,
                $"--pwfile={passwordFile}", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale"];
            var output = HostPrograms.IsRoot
                ? await RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. initdb], cancellationToken)
                : await RunAsync(initdb[0], initdb[1..], cancellationToken);
            if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
                throw new InvalidOperationException($"initdb failed:\n{output}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await stdout + await stderr;
    }
}
