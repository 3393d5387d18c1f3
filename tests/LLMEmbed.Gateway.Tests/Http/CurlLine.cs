using System.Text;
using System.Text.RegularExpressions;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// One curl command of docs/walkthrough-http.sh, parsed the way bash would split it (single quotes
/// literal, double quotes and bare words expanding $NAME and ${NAME}) and sent with HttpClient. Knows
/// only the options the walkthrough uses, and refuses any other, so the script cannot drift unnoticed.
/// </summary>
public sealed partial record CurlLine(HttpMethod Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Data, string? DataFile)
{
    public static CurlLine Parse(string command, IReadOnlyDictionary<string, string> variables)
    {
        var words = Split(command, variables);
        if (words.Count == 0 || words[0] != "curl") throw new FormatException($"not a curl command: {command}");
        string? method = null, url = null, data = null, file = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-sS" or "--fail-with-body": break;
                case "-X": method = words[++i]; break;
                case "-H":
                    var header = words[++i];
                    var colon = header.IndexOf(':');
                    headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d": data = words[++i]; break;
                case "--data-binary":
                    var value = words[++i];
                    if (!value.StartsWith('@')) throw new FormatException($"--data-binary expects @file: {command}");
                    file = value[1..];
                    break;
                case var w when w.StartsWith('-'): throw new FormatException($"curl option {w} is not understood by the walkthrough test: {command}");
                case var w: url = url is null ? w : throw new FormatException($"two URLs: {command}"); break;
            }
        }
        method ??= data is null && file is null ? "GET" : "POST";
        return new CurlLine(new HttpMethod(method), url ?? throw new FormatException($"no URL: {command}"), headers, data, file);
    }

    public async Task<(int Status, string Body)> SendAsync(HttpClient client, string workingDirectory)
    {
        using var request = new HttpRequestMessage(Method, Url);
        string? contentType = null;
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        if (Data is not null) request.Content = new StringContent(Data, Encoding.UTF8);
        if (DataFile is not null) request.Content = new StreamContent(File.OpenRead(Path.Combine(workingDirectory, DataFile)));
        if (request.Content is not null)
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>bash word splitting for the subset the script uses (no escapes, globs or nested substitutions).</summary>
    internal static List<string> Split(string command, IReadOnlyDictionary<string, string> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '\'')
            {
                var end = command.IndexOf('\'', i + 1);
                word.Append(command, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                var end = command.IndexOf('"', i + 1);
                word.Append(Expand(command[(i + 1)..end], variables));
                i = end;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                var end = i;
                while (end < command.Length && !char.IsWhiteSpace(command[end]) && command[end] is not ('\'' or '"')) end++;
                word.Append(Expand(command[i..end], variables));
                i = end - 1;
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(text, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return variables.TryGetValue(name, out var value) ? value : throw new FormatException($"${name} is not set at this point of the walkthrough");
        });

    [GeneratedRegex(@"\$\{(\w+)\}|\$(\w+)")]
    private static partial Regex Variable();
}
