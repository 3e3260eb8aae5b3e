package dev.questlog.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Draws a map as a heatmap background: dark ground, a faint 100-unit grid, light lanes, solid walls and the map's
 * name. Pixel positions follow {@link GameMap#pixelX}/{@link GameMap#pixelY}, so a heatmap drawn with the same
 * functions lines up. Hotspots are deliberately not drawn: the heatmap has to find them.
 */
final class MapPicture {
    private static final Color GROUND = new Color(0x2b, 0x30, 0x36);
    private static final Color GRID = new Color(0x36, 0x3c, 0x44);
    private static final Color LANE = new Color(0x8a, 0x84, 0x72);
    private static final Color WALL = new Color(0x14, 0x16, 0x1a);
    private static final Color WALL_EDGE = new Color(0x5c, 0x63, 0x6e);
    private static final Color LABEL = new Color(0xd0, 0xd4, 0xda);

    private MapPicture() {
    }

    static BufferedImage draw(GameMap map, int widthPx) {
        if (widthPx < 16) {
            throw new IllegalArgumentException("picture width must be >= 16 px, was " + widthPx);
        }
        int heightPx = (int) Math.round(widthPx * map.height() / map.width());
        BufferedImage img = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(GROUND);
            g.fillRect(0, 0, widthPx, heightPx);
            grid(g, map, widthPx, heightPx);
            lanes(g, map, widthPx, heightPx);
            walls(g, map, widthPx, heightPx);
            g.setColor(LABEL);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, widthPx / 48)));
            g.drawString(map.name(), widthPx / 64f, heightPx - widthPx / 64f);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void grid(Graphics2D g, GameMap map, int w, int h) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        for (double x = Math.ceil(map.minX() / 100) * 100; x <= map.maxX(); x += 100) {
            int px = (int) map.pixelX(x, w);
            g.drawLine(px, 0, px, h);
        }
        for (double y = Math.ceil(map.minY() / 100) * 100; y <= map.maxY(); y += 100) {
            int py = (int) map.pixelY(y, h);
            g.drawLine(0, py, w, py);
        }
    }

    private static void lanes(Graphics2D g, GameMap map, int w, int h) {
        g.setColor(LANE);
        for (GameMap.Lane lane : map.lanes()) {
            float px = (float) (lane.width() / map.width() * w);
            g.setStroke(new BasicStroke(px, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < lane.points().size(); i++) {
                double[] p = lane.points().get(i);
                double x = map.pixelX(p[0], w);
                double y = map.pixelY(p[1], h);
                if (i == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
            }
            g.draw(path);
        }
    }

    private static void walls(Graphics2D g, GameMap map, int w, int h) {
        g.setStroke(new BasicStroke(Math.max(1f, w / 512f)));
        for (GameMap.Wall wall : map.walls()) {
            double x0 = map.pixelX(wall.x0(), w);
            double x1 = map.pixelX(wall.x1(), w);
            double ya = map.pixelY(wall.y0(), h);
            double yb = map.pixelY(wall.y1(), h);
            Rectangle2D.Double r = new Rectangle2D.Double(x0, Math.min(ya, yb), x1 - x0, Math.abs(yb - ya));
            g.setColor(WALL);
            g.fill(r);
            g.setColor(WALL_EDGE);
            g.draw(r);
        }
    }
}
