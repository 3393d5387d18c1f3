using LLMEmbed.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Hosting;

/// <summary>
/// Registers options given as a value (bound by the host, or built by a test) so that <see cref="IOptions{T}"/>
/// hands out that value and the host checks it with its generated validator when it starts (<c>ValidateOnStart</c>):
/// a bad setting stops the silo before it joins the cluster, with the validator's message naming the key.
/// </summary>
internal static class StartupValidatedOptions
{
    /// <param name="section">The options' configuration section, which leads each failure's key.</param>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, T value, IValidateOptions<T> validator, string section) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        services.AddSingleton<IOptionsFactory<T>>(new ValueFactory<T>(value, validator, section));
        services.AddOptions<T>().ValidateOnStart();
        return services;
    }

    /// <summary>The options factory of one fixed value: validated as the library's factory would, never rebuilt from configuration.</summary>
    private sealed class ValueFactory<T>(T value, IValidateOptions<T> validator, string section) : IOptionsFactory<T> where T : class
    {
        public T Create(string name)
        {
            var failures = OptionsCheck.Failures(validator, value, section);
            return failures.Count == 0 ? value : throw new OptionsValidationException(name, typeof(T), failures);
        }
    }
}
