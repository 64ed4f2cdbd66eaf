/* Read by the Bootstrap Italia bundle, so loaded just before it. The bundle includes Video.js, which
   otherwise adds <style> elements to every page: the Content-Security-Policy refuses inline styles, and
   the site plays no video with Video.js (recordings and live streams are YouTube players or links). */
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
