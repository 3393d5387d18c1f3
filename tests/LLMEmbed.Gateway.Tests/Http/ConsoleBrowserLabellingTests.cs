using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// The labelling loop in the console, in Debian's chromium: the examples view (rows, counts per source
/// and label, paging, relabel, delete) against the API's numbers, "label next" moving a row from
/// unlabelled to suggestion, an out-of-scope text shown as "none", feedback stored once, and a label
/// added after training flagged as not in the active head. Screenshots go to TestResults/console/.
/// </summary>
public sealed class ConsoleBrowserLabellingTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    private const string Tenant = "web-label";
    private const string Evil = "<img src=x onerror=alert(2)>";
    private const string Gibberish = "asdf qwerty zxcv";

    [Fact]
    public async Task Console_lists_labels_suggestions_and_takes_feedback_matching_the_api()
    {
        Assert.True(File.Exists(ConsoleBrowserTests.Chromium), $"{ConsoleBrowserTests.Chromium} is missing: apt-get install chromium chromium-driver.");
        var t = await HttpTenant.CreateAsync(host, Tenant);
        await HttpTraining.TrainAsync(t.Client, Tenant); // crude, earn: 12 imported rows and head v1
        using (var admin = host.Client(HttpHostFixture.AdminKey)) // abstention is the tenant's choice: on here
            await HttpJson.OkAsync(admin, HttpMethod.Patch, $"/v1/tenants/{Tenant}/settings", "{\"abstain\":true}");
        await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/labels", "{\"label\":\"sports\"}"); // after training: not in v1
        var unlabelled = new[] { "Oil tankers queued outside the port.", "Dividends were raised by ten percent.", "Crude stocks fell sharply last week.",
            "Net profit doubled in the third quarter.", Evil };
        var jsonl = string.Join("\n", unlabelled.Select(x => $"{{\"text\":{HttpJson.Quote(x)}}}"));
        using (var body = new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"))
        using (var imported = await t.Client.PostAsync($"/v1/tenants/{Tenant}/examples/import?unlabelled=true", body))
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("llmembed-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, ConsoleBrowserTests.LaunchOptions());
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var shots = ConsoleBrowserTests.ScreenshotDirectory();

        await ConsoleSignIn.SignInAsync(page, host.Http, t.Key, Tenant);

        // Labels view: sports came after v1 was trained.
        await Expect(page.GetByTestId("labels-not-in-head")).ToContainTextAsync("sports: not in the active head");
        Assert.Equal("[\"sports\"]", await page.GetByTestId("labels-not-in-head").GetAttributeAsync("data-labels"));

        // Examples view: counts and rows are the API's.
        var counts = await CountsAsync(t);
        Assert.Equal(5, Source(counts, "unlabelled"));
        Assert.Equal(12, Source(counts, "import"));
        foreach (var source in new[] { "import", "unlabelled" })
            await Expect(page.GetByTestId("count-source").Locator($"li[data-source={source}]")).ToHaveAttributeAsync("data-value", Source(counts, source).ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("count-label").Locator("li[data-label=crude]")).ToHaveAttributeAsync("data-value", counts["perLabel"]!["crude"]!.ToString());
        var rows = page.GetByTestId("examples-table").Locator("tbody tr");
        var apiIds = await IdsAsync(t, "pageSize=25");
        Assert.True(apiIds.Length > 10, string.Join(",", apiIds));
        await Expect(rows).ToHaveCountAsync(apiIds.Length);
        Assert.Equal(apiIds, await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.id)"));

        // Paging: 10 rows, then the ones after them, as the API pages them.
        await page.Locator("#examples-page-size").FillAsync("10");
        await page.GetByTestId("examples-show").ClickAsync();
        await Expect(rows).ToHaveCountAsync(10);
        Assert.Equal(apiIds.Take(10), await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.id)"));
        await page.GetByTestId("examples-next").ClickAsync();
        await Expect(rows).ToHaveCountAsync(apiIds.Length - 10);
        Assert.Equal(apiIds.Skip(10), await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.id)"));
        await Expect(page.GetByTestId("examples-next")).ToBeDisabledAsync();

        // Filter by source: the unlabelled rows, the HTML-looking one shown as text.
        await page.Locator("#examples-page-size").FillAsync("25");
        await page.GetByTestId("examples-source").SelectOptionAsync("unlabelled");
        await page.GetByTestId("examples-show").ClickAsync();
        await Expect(rows).ToHaveCountAsync(5);
        Assert.Equal(await IdsAsync(t, "source=unlabelled&pageSize=25"), await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.id)"));
        await Expect(page.GetByTestId("examples-table").Locator("td.text").GetByText(Evil, new() { Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "4-examples.png"), FullPage = true });

        // Label next: the first suggestion labelled "earn" moves one row from unlabelled to suggestion.
        var apiSuggestions = (await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/suggestions?count=10"))["suggestions"]!.AsArray();
        Assert.NotEmpty(apiSuggestions);
        var items = page.GetByTestId("suggestions").Locator("li");
        await Expect(items).ToHaveCountAsync(apiSuggestions.Count);
        Assert.Equal(apiSuggestions.Select(s => s!["exampleId"]!.ToString()), await items.EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.exampleId)"));
        var suggestion = items.First;
        var suggestedId = (await suggestion.GetAttributeAsync("data-example-id"))!;
        await suggestion.GetByTestId("label-picker").SelectOptionAsync("earn");
        await suggestion.GetByTestId("label-suggestion").ClickAsync();
        await Expect(page.GetByTestId("count-source").Locator("li[data-source=suggestion]")).ToHaveAttributeAsync("data-value", "1");
        await Expect(page.Locator($"#suggestions li[data-example-id=\"{suggestedId}\"]")).ToHaveCountAsync(0); // labelled rows are no longer offered
        var afterLabel = await CountsAsync(t);
        Assert.Equal(1, Source(afterLabel, "suggestion"));
        Assert.Equal(Source(counts, "unlabelled") - 1, Source(afterLabel, "unlabelled"));
        var labelled = (await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/examples?source=suggestion"))["examples"]!.AsArray();
        Assert.Equal(suggestedId, Assert.Single(labelled)!["id"]!.ToString());
        Assert.Equal("earn", labelled[0]!["label"]!.GetValue<string>());
        await Expect(page.GetByTestId("count-source").Locator("li[data-source=unlabelled]")).ToHaveAttributeAsync("data-value", Source(afterLabel, "unlabelled").ToString(CultureInfo.InvariantCulture));

        // Relabel and delete from the table.
        await page.GetByTestId("examples-source").SelectOptionAsync("import");
        await page.GetByTestId("examples-show").ClickAsync();
        await Expect(rows).ToHaveCountAsync(12);
        var first = rows.First;
        var relabelId = (await first.GetAttributeAsync("data-id"))!;
        var newLabel = await first.GetAttributeAsync("data-label") == "crude" ? "earn" : "crude";
        await first.GetByTestId("label-picker").SelectOptionAsync(newLabel);
        await first.GetByTestId("relabel").ClickAsync();
        await Expect(page.GetByTestId("examples-status")).ToHaveTextAsync($"example {relabelId} is now {newLabel}");
        var imports = (await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/examples?source=import&pageSize=25"))["examples"]!.AsArray();
        Assert.Equal(newLabel, imports.Single(e => e!["id"]!.ToString() == relabelId)!["label"]!.GetValue<string>());
        await page.GetByTestId("examples-source").SelectOptionAsync("unlabelled");
        await page.GetByTestId("examples-show").ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        var deleteId = (await rows.First.GetAttributeAsync("data-id"))!;
        await rows.First.GetByTestId("delete").ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        Assert.DoesNotContain(deleteId, await IdsAsync(t, "source=unlabelled&pageSize=25"));
        Assert.Equal(3, Source(await CountsAsync(t), "unlabelled"));

        // Classify gibberish: the API abstains, so the console says none (out of scope), with the scope score.
        var api = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/classify", $"{{\"texts\":[{HttpJson.Quote(Gibberish)}]}}"))["results"]![0]!;
        Assert.True(api["abstained"]?.GetValue<bool>() == true, api.ToJsonString());
        await page.GetByTestId("try-text").FillAsync(Gibberish);
        await page.GetByTestId("classify").ClickAsync();
        await Expect(page.GetByTestId("predicted")).ToHaveTextAsync("none (out of scope)");
        await Expect(page.GetByTestId("predicted")).ToHaveAttributeAsync("data-abstained", "true");
        Assert.Equal(api["scopeScore"]!.GetValue<double>(), double.Parse((await page.GetByTestId("scope-score").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 3);
        Assert.Contains("sports", api["labelsNotInHead"]!.AsArray().Select(l => l!.GetValue<string>()));
        await Expect(page.GetByTestId("classify-not-in-head")).ToContainTextAsync("sports: not in the active head");

        // Correct it: stored once as a feedback example; the second click is answered "already given".
        var correct = page.GetByTestId("correct");
        await correct.GetByTestId("label-picker").SelectOptionAsync("crude");
        await correct.GetByTestId("feedback-label").ClickAsync();
        await Expect(correct.GetByTestId("feedback-status")).ToContainTextAsync("stored as example");
        await Expect(correct.GetByTestId("feedback-status")).ToContainTextAsync("labelled crude");
        await correct.GetByTestId("feedback-label").ClickAsync();
        await Expect(correct.GetByTestId("feedback-status")).ToContainTextAsync("already given");
        var afterFeedback = await CountsAsync(t);
        Assert.Equal(1, Source(afterFeedback, "feedback"));
        await Expect(page.GetByTestId("count-source").Locator("li[data-source=feedback]")).ToHaveTextAsync("feedback (corrections): 1");
        await Expect(page.GetByTestId("count-feedback").Locator("li[data-label=crude]")).ToHaveAttributeAsync("data-value", "1");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "5-feedback.png"), FullPage = true });

        // "Out of scope" on a fresh answer: one more feedback row, marked out of scope, no label's example.
        await page.GetByTestId("try-text").FillAsync("Crude stocks fell again this week.");
        await page.GetByTestId("classify").ClickAsync();
        await Expect(page.GetByTestId("feedback-status")).ToHaveTextAsync("");
        await page.GetByTestId("correct").GetByTestId("feedback-out-of-scope").ClickAsync();
        await Expect(page.GetByTestId("feedback-status")).ToContainTextAsync("(out of scope)");
        var afterOutOfScope = await CountsAsync(t);
        Assert.Equal(2, Source(afterOutOfScope, "feedback"));
        Assert.Equal(afterFeedback["perLabel"]!.ToJsonString(), afterOutOfScope["perLabel"]!.ToJsonString());
        await page.GetByTestId("examples-source").SelectOptionAsync("feedback");
        await page.GetByTestId("examples-show").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["(out of scope)", "crude"], (await rows.Locator("td.label").AllTextContentsAsync()).Order(StringComparer.Ordinal));

        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('img').length"));
        Assert.Empty(dialogs);
        Assert.Empty(pageErrors);
    }

    private static async Task<JsonNode> CountsAsync(HttpTenant t) => await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/examples/count");

    private static long Source(JsonNode counts, string source) => counts["perSource"]?[source] is { } v ? long.Parse(v.ToString(), CultureInfo.InvariantCulture) : 0;

    private static async Task<string[]> IdsAsync(HttpTenant t, string query) =>
        (await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/examples?{query}"))["examples"]!.AsArray().Select(e => e!["id"]!.ToString()).ToArray();

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
