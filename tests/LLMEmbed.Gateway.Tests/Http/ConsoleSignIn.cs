using Microsoft.Playwright;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>The console's sign-in as every browser test starts it.</summary>
internal static class ConsoleSignIn
{
    /// <summary>Opens the console, signs in with the tenant's key and waits until the console names the tenant.</summary>
    public static async Task SignInAsync(IPage page, Uri http, string key, string tenant)
    {
        await page.GotoAsync(new Uri(http, "/console/").ToString());
        await page.GetByTestId("key").FillAsync(key);
        await page.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(page.GetByTestId("who")).ToHaveTextAsync($"tenant {tenant}");
    }
}
