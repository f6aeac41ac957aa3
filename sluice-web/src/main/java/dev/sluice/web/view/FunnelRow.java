package dev.sluice.web.view;

/** One funnel step with its conversion from the first step and the median time from the previous one. */
public record FunnelRow(String event, double total, double conversion, String medianTime) {
}
