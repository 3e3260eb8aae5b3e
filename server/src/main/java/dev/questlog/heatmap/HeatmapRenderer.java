package dev.questlog.heatmap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws a {@link Heatmap} with Java2D (headless): the level's background, the bins coloured by a perceptually
 * uniform map with transparency, a title naming the filters, a colour legend with counts, and a scale bar in world
 * units. Stateless and thread-safe; each call draws a new image.
 */
public final class HeatmapRenderer {
    static final int MARGIN_LEFT = 16;
    static final int MARGIN_TOP = 52;
    static final int MARGIN_RIGHT = 130;
    static final int MARGIN_BOTTOM = 56;
    /** Opacity of the strongest bin; weaker bins fade towards {@link #MIN_ALPHA} so the level shows through. */
    static final float MAX_ALPHA = 0.8f;
    static final float MIN_ALPHA = 0.3f;
    /** Diverging maps fade almost fully at zero, so balanced bins do not cover the level in grey. */
    static final float MIN_ALPHA_DIVERGING = 0.06f;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Colormap sequential;

    public HeatmapRenderer(Colormap sequential) {
        this.sequential = sequential;
    }

    /** The map area for a level drawn at most {@code maxSide} pixels on its longer side. */
    public static Projection layout(Level level, int maxSide) {
        double aspect = level.width() / level.height();
        int w = aspect >= 1 ? maxSide : (int) Math.round(maxSide * aspect);
        int h = aspect >= 1 ? (int) Math.round(maxSide / aspect) : maxSide;
        return new Projection(level, MARGIN_LEFT, MARGIN_TOP, Math.max(w, 120), Math.max(h, 120));
    }

    public BufferedImage render(Heatmap map, Projection proj, Optional<BufferedImage> background) {
        BufferedImage img = new BufferedImage(proj.left() + proj.width() + MARGIN_RIGHT,
                proj.top() + proj.height() + MARGIN_BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            drawBackground(g, proj, background);
            drawBins(g, map, proj);
            g.setColor(new Color(90, 90, 90));
            g.drawRect(proj.left(), proj.top(), proj.width(), proj.height());
            drawTitle(g, map, proj);
            drawLegend(g, map, proj);
            drawScaleBar(g, proj);
        } finally {
            g.dispose();
        }
        return img;
    }

    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The colour a bin of this value gets (before transparency). */
    public Color colorOf(Heatmap map, double value) {
        double max = map.maxMagnitude();
        if (map.request().mode().diverging()) {
            return Colormap.COOLWARM.at(max == 0 ? 0.5 : 0.5 + value / (2 * max));
        }
        return sequential.at(max == 0 ? 0 : value / max);
    }

    private static void drawBackground(Graphics2D g, Projection proj, Optional<BufferedImage> background) {
        if (background.isPresent()) {
            g.drawImage(background.get(), proj.left(), proj.top(), proj.width(), proj.height(), null);
            return;
        }
        g.setColor(new Color(238, 238, 238));
        g.fillRect(proj.left(), proj.top(), proj.width(), proj.height());
        Level level = proj.level();
        double step = niceStep(level.width() / 8);
        g.setColor(new Color(210, 210, 210));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (double x = Math.ceil(level.minX() / step) * step; x <= level.maxX(); x += step) {
            Point2D.Double a = proj.toPixel(x, level.minY());
            Point2D.Double b = proj.toPixel(x, level.maxY());
            g.drawLine((int) a.x, (int) a.y, (int) b.x, (int) b.y);
        }
        for (double y = Math.ceil(level.minY() / step) * step; y <= level.maxY(); y += step) {
            Point2D.Double a = proj.toPixel(level.minX(), y);
            Point2D.Double b = proj.toPixel(level.maxX(), y);
            g.drawLine((int) a.x, (int) a.y, (int) b.x, (int) b.y);
        }
    }

    private void drawBins(Graphics2D g, Heatmap map, Projection proj) {
        AffineTransform world = proj.transform();
        List<Bin> ordered = new ArrayList<>(map.bins());
        ordered.sort((x, y) -> Double.compare(Math.abs(x.value()), Math.abs(y.value())));
        java.awt.Shape clip = g.getClip();
        g.clipRect(proj.left(), proj.top(), proj.width(), proj.height());
        for (Bin bin : ordered) {
            Shape s = world.createTransformedShape(map.grid().outline(bin.a(), bin.b()));
            Color c = colorOf(map, bin.value());
            double strength = map.maxMagnitude() == 0 ? 0 : Math.abs(bin.value()) / map.maxMagnitude();
            float min = map.request().mode().diverging() ? MIN_ALPHA_DIVERGING : MIN_ALPHA;
            float alpha = (float) (min + (MAX_ALPHA - min) * strength);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(alpha * 255)));
            g.fill(s);
        }
        g.setClip(clip);
    }

    private static void drawTitle(Graphics2D g, Heatmap map, Projection proj) {
        HeatmapRequest r = map.request();
        String what = switch (r.mode()) {
            case COUNT -> String.join(" + ", r.eventTypes());
            case BALANCE -> String.join(" + ", r.eventTypes()) + " minus " + String.join(" + ", r.versusTypes());
            case COMPARE -> String.join(" + ", r.eventTypes()) + ": build " + r.appVersion().orElse("?") + " vs "
                    + r.versusVersion().orElse("?");
        };
        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(what + " on " + r.level(), proj.left(), 22);
        List<String> filters = new ArrayList<>();
        filters.add("app " + r.app());
        if (r.from().isPresent() || r.to().isPresent()) {
            filters.add(r.from().map(DAY::format).orElse("start") + " to " + r.to().map(DAY::format).orElse("now") + " UTC");
        }
        if (r.mode() != Mode.COMPARE) {
            r.appVersion().ifPresent(v -> filters.add("build " + v));
        }
        r.trust().ifPresent(t -> filters.add(t + " events"));
        r.attributes().forEach((k, v) -> filters.add(k + "=" + v));
        filters.add(map.request().shape().name().toLowerCase(java.util.Locale.ROOT) + " bins of "
                + formatNumber(map.grid().size()) + " units");
        filters.add(String.format("%,d events", map.totalA() + map.totalB()));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.join(" · ", filters), proj.left(), 40);
    }

    private void drawLegend(Graphics2D g, Heatmap map, Projection proj) {
        int x = proj.left() + proj.width() + 22;
        int top = proj.top();
        int h = Math.min(proj.height(), 320);
        int w = 16;
        boolean diverging = map.request().mode().diverging();
        double max = map.maxMagnitude();
        for (int i = 0; i < h; i++) {
            double t = 1 - (double) i / (h - 1);
            Color c = diverging ? Colormap.COOLWARM.at(t) : sequential.at(t);
            g.setColor(c);
            g.drawLine(x, top + i, x + w, top + i);
        }
        g.setColor(new Color(60, 60, 60));
        g.drawRect(x, top, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int ticks = 4;
        for (int k = 0; k <= ticks; k++) {
            double t = (double) k / ticks;
            int y = top + (int) Math.round((1 - t) * (h - 1));
            double v = diverging ? (2 * t - 1) * max : t * max;
            g.drawLine(x + w, y, x + w + 4, y);
            g.drawString(legendLabel(map, v), x + w + 7, y + 4);
        }
        String caption = switch (map.request().mode()) {
            case COUNT -> "events per bin";
            case BALANCE -> "A minus B";
            case COMPARE -> "share A − B";
        };
        g.drawString(caption, x - 4, top + h + 18);
    }

    private static String legendLabel(Heatmap map, double v) {
        if (map.request().mode() == Mode.COMPARE) {
            return String.format("%+.2f pp", v * 100);
        }
        long rounded = Math.round(v);
        return map.request().mode() == Mode.BALANCE ? String.format("%+,d", rounded) : String.format("%,d", rounded);
    }

    private static void drawScaleBar(Graphics2D g, Projection proj) {
        double units = niceStep(proj.level().width() / 5);
        int px = (int) Math.round(units * proj.pixelsPerUnit());
        int x = proj.left();
        int y = proj.top() + proj.height() + 24;
        g.setColor(new Color(30, 30, 30));
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, y, x + px, y);
        g.drawLine(x, y - 5, x, y + 5);
        g.drawLine(x + px, y - 5, x + px, y + 5);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        String label = formatNumber(units) + " world units";
        g.drawString(label, x + px + 8, y + fm.getAscent() / 2 - 1);
    }

    /** 1, 2 or 5 × a power of ten, the largest not above {@code rough}. */
    static double niceStep(double rough) {
        double p = Math.pow(10, Math.floor(Math.log10(rough)));
        double m = rough / p;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
    }

    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format("%,d", (long) v);
        }
        return String.format("%.3g", v);
    }
}
