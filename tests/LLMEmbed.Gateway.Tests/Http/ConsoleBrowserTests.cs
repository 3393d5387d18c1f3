using System.Text;
using LLMEmbed.Gateway.Tests.EndToEnd;
using Microsoft.Playwright;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// The tenant console in a real browser: Debian's chromium, headless, driven by Playwright (which
/// downloads no browser). Signs in, imports a fixture, trains twice, checks the charts and the
/// confusion matrix against the API's numbers, rolls back and promotes, classifies, and checks that
/// a label written as HTML shows as text and runs nothing. Screenshots go to TestResults/console/.
/// </summary>
public sealed class ConsoleBrowserTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    public const string Chromium = "/usr/bin/chromium";
    private const string Evil = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Console_signs_in_imports_trains_and_escapes_what_tenants_typed()
    {
        // Fail, never skip: CI installs chromium (test.sh), so a missing browser is a broken machine.
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium chromium-driver (test.sh does this when missing).");
        var labels = "[\"crude\",\"earn\",\"money-fx\"," + HttpJson.Quote(Evil) + "]";
        var t = await HttpTenant.CreateAsync(host, "web", labels);
        var fixture = WriteFixture();

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("llmembed-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, LaunchOptions());
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var shots = ScreenshotDirectory();

        await ConsoleSignIn.SignInAsync(page, host.Http, t.Key, "web");
        Assert.DoesNotContain(t.Key, page.Url);
        Assert.Empty(await browser.CookiesAsync());
        Assert.Equal(t.Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('llmembed.key')"));

        await page.GetByTestId("import-file").SetInputFilesAsync(fixture);
        await page.Locator("#import-truncate").CheckAsync(); // the Reuters stories run past the test host's 128 tokens
        await page.GetByTestId("import").ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("imported 126 rows", new() { Timeout = 120_000 });
        Assert.Equal(1.0, await page.GetByTestId("import-progress").EvaluateAsync<double>("p => p.value"));
        var bars = page.GetByTestId("labels-chart").Locator("g[data-label]");
        await Expect(bars).ToHaveCountAsync(4);
        Assert.Equal("6", await page.Locator($"g[data-label=\"{Evil.Replace("\"", "\\\"")}\"]").GetAttributeAsync("data-value"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "1-imported.png"), FullPage = true });

        // A file with a bad row: the console names the row, as the API's headers do.
        var bad = Path.Combine(Path.GetDirectoryName(fixture)!, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{\"text\":\"Oil output rose.\",\"label\":\"crude\"}\n{\"text\":\"no label here\"}\n");
        await page.GetByTestId("import-file").SetInputFilesAsync(bad);
        await page.GetByTestId("import").ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("first bad row: 2");

        // The row before the bad one is committed: with the row fixed, Resume sends the file again under the
        // same import id and stores only what was missing; uploading a file again is refused, never doubled.
        await Expect(page.GetByTestId("import-resume")).ToBeVisibleAsync();
        await File.WriteAllTextAsync(bad, "{\"text\":\"Oil output rose.\",\"label\":\"crude\"}\n{\"text\":\"Crude stocks fell.\",\"label\":\"crude\"}\n");
        await page.GetByTestId("import-file").SetInputFilesAsync(bad);
        await page.GetByTestId("import-resume").ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("imported 1 rows (0 cut, 1 committed before were skipped); the tenant has 128 examples");
        await Expect(page.GetByTestId("import-resume")).ToBeHiddenAsync();
        await page.GetByTestId("import-file").SetInputFilesAsync(fixture);
        await page.GetByTestId("import").ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("imported before");
        await Expect(page.GetByTestId("import-again")).ToBeVisibleAsync();
        var count = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/web/examples/count");
        Assert.Equal(128, count["total"]!.GetValue<long>());

        await page.GetByTestId("train-full").ClickAsync();
        await Expect(page.GetByTestId("train-status")).ToContainTextAsync("succeeded", new() { Timeout = 180_000 });
        await page.Locator("#train-force").CheckAsync();
        await page.GetByTestId("train-incremental").ClickAsync();
        await Expect(page.GetByTestId("train-status")).ToContainTextAsync("v2", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("train-status")).ToContainTextAsync("promoted");

        // The page shows the API's numbers: version chart points, table cells, confusion cells.
        var heads = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/web/heads");
        Assert.Equal(2, heads["activeVersion"]!.GetValue<int>());
        foreach (var head in heads["heads"]!.AsArray())
        {
            var version = head!["version"]!.GetValue<int>();
            var metrics = head["metrics"]!;
            foreach (var (series, name) in new[] { ("accuracy", "accuracy"), ("macroF1", "macroF1") })
            {
                var dot = page.GetByTestId("heads-chart").Locator($"circle[data-series={series}][data-version=\"{version}\"]");
                Assert.Equal(metrics[name]!.GetValue<double>(), double.Parse((await dot.GetAttributeAsync("data-value"))!, System.Globalization.CultureInfo.InvariantCulture), 4);
            }
            var row = page.GetByTestId("heads-table").Locator($"tr[data-version=\"{version}\"]");
            await Expect(row.Locator("td[data-field=accuracy]")).ToHaveTextAsync($"{metrics["accuracy"]!.GetValue<double>() * 100:F1}%");
        }
        var active = heads["heads"]!.AsArray().Single(h => h!["active"]!.GetValue<bool>())!["metrics"]!;
        var confusion = active["confusion"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        var matrixLabels = active["labels"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Contains(Evil, matrixLabels);
        var cells = page.GetByTestId("confusion").Locator("g[data-cell]");
        await Expect(cells).ToHaveCountAsync(matrixLabels.Length * matrixLabels.Length);
        for (var i = 0; i < confusion.Length; i++)
            Assert.Equal(confusion[i].ToString(), await page.GetByTestId("confusion").Locator($"g[data-cell=\"{i / matrixLabels.Length},{i % matrixLabels.Length}\"]").GetAttributeAsync("data-value"));
        Assert.Equal(active["holdoutSize"]!.GetValue<int>(), confusion.Sum());
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "2-trained.png"), FullPage = true });

        await page.GetByTestId("rollback").ClickAsync();
        await Expect(page.GetByTestId("heads-table").Locator("tr.active")).ToHaveAttributeAsync("data-version", "1");
        await page.GetByTestId("promote-2").ClickAsync();
        await Expect(page.GetByTestId("heads-table").Locator("tr.active")).ToHaveAttributeAsync("data-version", "2");

        var text = Reuters.Split("test", "crude")[0].Text;
        await page.GetByTestId("try-text").FillAsync(text);
        await page.GetByTestId("classify").ClickAsync();
        var expected = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/web/classify", $"{{\"texts\":[{HttpJson.Quote(text)}]}}");
        // An abstained answer (label "") reads "none (out of scope)" in the console.
        var answer = expected["results"]![0]!;
        await Expect(page.GetByTestId("predicted")).ToHaveTextAsync(answer["abstained"]?.GetValue<bool>() == true ? "none (out of scope)" : answer["label"]!.GetValue<string>());
        await Expect(page.GetByTestId("try-result").Locator(".prob")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("source")).ToHaveTextAsync("head v2");

        // A description written in the labels card is stored on the tenant (PUT .../labels/crude/description).
        var describe = page.GetByTestId("label-descriptions").Locator("form[data-label=\"crude\"]");
        await describe.Locator("input").FillAsync("Crude oil prices and OPEC output.");
        await describe.Locator("button").ClickAsync();
        await Expect(describe.Locator("span")).ToHaveTextAsync("saved");
        var described = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/web/labels");
        Assert.Contains(described["labels"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "crude" && l["description"]?.GetValue<string>() == "Crude oil prices and OPEC output.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "3-classified.png"), FullPage = true });

        // The label written as HTML is text everywhere: in the probability bars, the charts' titles, the heatmap.
        await Expect(page.GetByTestId("try-result").Locator(".prob .name").GetByText(Evil, new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('img').length"));
        Assert.True(await page.EvaluateAsync<int>($"() => [...document.querySelectorAll('title')].filter(t => t.textContent.includes({HttpJson.Quote(Evil)})).length") >= 3);
        Assert.Empty(dialogs);
        Assert.Empty(pageErrors);
    }

    /// <summary>The Reuters training stories plus six short texts under the HTML-looking label: 126 rows.</summary>
    private static string WriteFixture()
    {
        var directory = Directory.CreateTempSubdirectory("llmembed-console-");
        var path = Path.Combine(directory.FullName, "fixture.jsonl");
        var lines = new StringBuilder();
        foreach (var row in Reuters.Split("train")) lines.Append($"{{\"text\":{HttpJson.Quote(row.Text)},\"label\":{HttpJson.Quote(row.Label)}}}\n");
        foreach (var weather in new[] { "Sunny skies and a light breeze all day.", "Heavy rain expected over the weekend.", "Snow showers in the mountains tonight.",
                     "A heat wave grips the region this week.", "Fog will clear by late morning.", "Thunderstorms are likely this afternoon." })
            lines.Append($"{{\"text\":{HttpJson.Quote(weather)},\"label\":{HttpJson.Quote(Evil)}}}\n");
        File.WriteAllText(path, lines.ToString());
        return path;
    }

    /// <summary>Headless Debian chromium with nothing that reaches outside the test host.</summary>
    internal static BrowserTypeLaunchPersistentContextOptions LaunchOptions() => new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"],
        ViewportSize = new ViewportSize { Width = 1280, Height = 1800 },
    };

    internal static string ScreenshotDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LLMEmbed.Gateway.Tests.csproj"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "console");
        Directory.CreateDirectory(path);
        return path;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
