using System.Net.Http.Headers;
using System.Text.Json;

namespace MediaAspire.Tests.Live;

/// <summary>One Server-Sent Event of GET /api/live/{id}/events.</summary>
public sealed record LiveSse(string Id, string Type, JsonElement Data)
{
    public double Number(string name) => Data.GetProperty(name).GetDouble();

    public DateTimeOffset EmittedAt => Data.GetProperty("emitted_at").GetDateTimeOffset();

    /// <summary>Reads the events (after <paramref name="lastEventId"/>) until <c>ended</c>, as a browser's EventSource would.</summary>
    public static async Task<List<LiveSse>> ReadUntilEndedAsync(HttpClient client, string eventsUrl, string? lastEventId = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        using var request = new HttpRequestMessage(HttpMethod.Get, eventsUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = new List<LiveSse>();
        string? id = null, type = null, data = null;
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null) events.Add(new LiveSse(id!, type ?? "message", JsonDocument.Parse(data).RootElement.Clone()));
                if (type == "ended") break;
                (id, type, data) = (null, null, null);
                continue;
            }
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
        return events;
    }
}
