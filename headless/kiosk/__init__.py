"""What a kiosk asks for about itself: its configuration (slides, opening hours, idle timeout)."""
