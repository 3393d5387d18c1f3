using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Label-set changes as pure functions: each returns the new label list or throws a domain error,
/// so a refused change leaves the tenant untouched. Labels are never removed (their position is
/// the key stored with examples and heads); retiring hides them.
/// </summary>
internal static class LabelRules
{
    /// <summary>The given names become the active set: existing ones stay (un-retired), new ones are added, the rest are retired.</summary>
    public static LabelInfo[] Set(LabelInfo[] labels, string[] names, TenantLimits limits, int maxLength)
    {
        if (names is null || names.Length == 0) throw new InvalidRequestException("labels: at least one label is required.", "labels");
        for (var i = 0; i < names.Length; i++) CheckName(names[i], $"labels[{i}]", maxLength);
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidRequestException($"labels: '{duplicate.Key}' appears more than once.", "labels");
        var wanted = new HashSet<string>(names, StringComparer.Ordinal);
        var next = labels.Select(l => l with { Retired = !wanted.Contains(l.Name) }).ToList();
        next.AddRange(names.Where(n => IndexOf(labels, n) < 0).Select(n => new LabelInfo(n, false, 0)));
        CheckCount(next.Count, limits);
        return next.ToArray();
    }

    /// <summary>Adds a label, or brings back a retired one of that name.</summary>
    public static LabelInfo[] Add(LabelInfo[] labels, string name, TenantLimits limits, int maxLength)
    {
        CheckName(name, "label", maxLength);
        var index = IndexOf(labels, name);
        if (index >= 0 && !labels[index].Retired) throw new InvalidRequestException($"label: '{name}' already exists.", "label");
        if (index >= 0) return Replace(labels, index, labels[index] with { Retired = false });
        CheckCount(labels.Length + 1, limits);
        return [.. labels, new LabelInfo(name, false, 0)];
    }

    public static LabelInfo[] Rename(LabelInfo[] labels, string name, string newName, int maxLength)
    {
        var index = Require(labels, name);
        CheckName(newName, "newName", maxLength);
        if (IndexOf(labels, newName) >= 0) throw new InvalidRequestException($"newName: a label named '{newName}' already exists.", "newName");
        return Replace(labels, index, labels[index] with { Name = newName });
    }

    public static LabelInfo[] Retire(LabelInfo[] labels, string name)
    {
        var index = Require(labels, name);
        return Replace(labels, index, labels[index] with { Retired = true });
    }

    /// <summary>The position of a label that exists and is not retired, for new examples.</summary>
    public static int ActiveIndex(LabelInfo[] labels, string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidRequestException($"{field} is empty.", field);
        var index = IndexOf(labels, name);
        if (index < 0) throw new InvalidRequestException($"{field}: unknown label '{name}'.", field);
        if (labels[index].Retired) throw new InvalidRequestException($"{field}: label '{name}' is retired.", field);
        return index;
    }

    public static int IndexOf(LabelInfo[] labels, string name) => Array.FindIndex(labels, l => string.Equals(l.Name, name, StringComparison.Ordinal));

    public static LabelInfo[] Describe(LabelInfo[] labels, bool includeRetired) =>
        includeRetired ? labels : labels.Where(l => !l.Retired).ToArray();

    private static int Require(LabelInfo[] labels, string name)
    {
        var index = name is null ? -1 : IndexOf(labels, name);
        return index >= 0 ? index : throw new NotFoundException($"label '{name}' does not exist.");
    }

    private static void CheckName(string? name, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidRequestException($"{field} is empty or whitespace.", field);
        if (name.Length > maxLength) throw new InvalidRequestException($"{field} has {name.Length} characters, over the limit of {maxLength}.", field);
        if (name != name.Trim()) throw new InvalidRequestException($"{field} '{name}' has leading or trailing whitespace.", field);
    }

    private static void CheckCount(int count, TenantLimits limits)
    {
        if (count > limits.MaxLabels)
            throw new LimitExceededException($"{count} labels (retired ones included) exceed the tenant's limit of {limits.MaxLabels} (MaxLabels).", nameof(TenantLimits.MaxLabels));
    }

    private static LabelInfo[] Replace(LabelInfo[] labels, int index, LabelInfo value)
    {
        var next = (LabelInfo[])labels.Clone();
        next[index] = value;
        return next;
    }
}
