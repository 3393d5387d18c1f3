using System.Globalization;
using System.Text;

namespace LLMEmbed.Cli.Rendering;

/// <summary>A small SVG line chart of accuracy curves (mean with a ± sd band per curve), no dependencies.</summary>
internal static class CurveSvg
{
    public sealed record Series(string Name, string Color, double[] X, double[] Mean, double[] Sd);

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series)
    {
        const int width = 640, height = 400, left = 64, right = 16, top = 40, bottom = 52;
        double xMin = series.Min(s => s.X.Min()), xMax = series.Max(s => s.X.Max());
        double yMin = series.Min(s => s.Mean.Zip(s.Sd, (m, d) => m - d).Min());
        double yMax = series.Max(s => s.Mean.Zip(s.Sd, (m, d) => m + d).Max());
        double pad = Math.Max(0.005, (yMax - yMin) * 0.08);
        yMin -= pad; yMax += pad;
        if (xMax <= xMin) xMax = xMin + 1;
        double Px(double x) => left + (x - xMin) / (xMax - xMin) * (width - left - right);
        double Py(double y) => top + (1 - (y - yMin) / (yMax - yMin)) * (height - top - bottom);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        for (int t = 0; t <= 5; t++)
        {
            double y = yMin + (yMax - yMin) * t / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Py(y))}\" y2=\"{F(Py(y))}\" stroke=\"#e5e5e5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(Py(y) + 4)}\" text-anchor=\"end\">{y.ToString("0.000", CultureInfo.InvariantCulture)}</text>\n");
        }
        foreach (double x in series[0].X)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(x))}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{F(x)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{height - bottom}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + width - right) / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16 {(top + height - bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        for (int si = 0; si < series.Count; si++)
        {
            var s = series[si];
            var upper = s.X.Select((x, i) => $"{F(Px(x))},{F(Py(s.Mean[i] + s.Sd[i]))}");
            var lower = s.X.Select((x, i) => $"{F(Px(x))},{F(Py(s.Mean[i] - s.Sd[i]))}").Reverse();
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"{s.Color}\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
            var line = s.X.Select((x, i) => $"{F(Px(x))},{F(Py(s.Mean[i]))}");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', line)}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"/>\n");
            int ly = top + 8 + si * 18;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{width - right - 150}\" x2=\"{width - right - 126}\" y1=\"{height - bottom - 40 - ly + top}\" y2=\"{height - bottom - 40 - ly + top}\" stroke=\"{s.Color}\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right - 120}\" y=\"{height - bottom - 36 - ly + top}\">{Escape(s.Name)}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
