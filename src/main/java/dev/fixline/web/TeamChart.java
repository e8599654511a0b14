package dev.fixline.web;

import dev.fixline.remediation.ManagerOverview.TeamLoad;
import java.util.List;

/** The data of the dashboard's bar chart, embedded in the page as JSON for Chart.js. */
record TeamChart(List<String> teams, List<Long> onTime, List<Long> overdue) {

    static final String NO_TEAM = "no team yet";

    static TeamChart of(List<TeamLoad> loads) {
        return new TeamChart(loads.stream().map(TeamChart::label).toList(),
                loads.stream().map(TeamLoad::onTime).toList(), loads.stream().map(TeamLoad::overdue).toList());
    }

    static String label(TeamLoad load) {
        return load.team() == null ? NO_TEAM : load.team();
    }
}
