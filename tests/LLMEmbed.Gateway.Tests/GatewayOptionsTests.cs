namespace LLMEmbed.Gateway.Tests;

public sealed class GatewayOptionsTests
{
    private static GatewayOptions Valid() => new() { AdminKey = "0123456789abcdef0123" };

    [Fact]
    public void Defaults_with_an_admin_key_are_valid()
    {
        var options = Valid();
        options.Validate();
        Assert.Equal("http://127.0.0.1:5000", options.Listen);
        Assert.Equal(4 * 1024 * 1024, options.MaxReceiveMessageBytes);
        Assert.DoesNotContain(options.AdminKey!, options.ToString());
    }

    [Theory]
    [InlineData(null, "AdminKey is required")]
    [InlineData("short", "at least 16")]
    public void Admin_key_is_required_and_long_enough(string? key, string message)
    {
        var options = new GatewayOptions { AdminKey = key };
        Assert.Contains(message, Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:5000")]
    public void Listen_must_be_http_or_https(string listen)
    {
        var options = Valid();
        options.Listen = listen;
        Assert.Contains("Gateway:Listen", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Https_needs_an_existing_certificate_and_a_certificate_needs_https()
    {
        var options = Valid();
        options.Listen = "https://127.0.0.1:5001";
        Assert.Contains("CertificatePath is not set", Assert.Throws<ArgumentException>(options.Validate).Message);
        options.CertificatePath = "/nonexistent/gateway.pfx";
        Assert.Contains("file not found", Assert.Throws<ArgumentException>(options.Validate).Message);
        options.Listen = "http://127.0.0.1:5000";
        Assert.Contains("is not https", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(128 * 1024 * 1024)]
    public void Receive_limit_stays_well_below_orleans_message_limit(int bytes)
    {
        var options = Valid();
        options.MaxReceiveMessageBytes = bytes;
        Assert.Contains("MaxReceiveMessageBytes", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Default_limits_are_validated()
    {
        var options = Valid();
        options.DefaultLimits.TextsPerCall = 100_000;
        Assert.Contains("DefaultLimits:TextsPerCall", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
